import { sqlPool } from "@herald/db";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { retireWebhooks, SENDABLE_WEBHOOK, sendableWebhookSql, setWebhookEnabled, unsendable } from "../src/index.ts";
import { createDelivery, createWebhook } from "./helpers/fixtures.ts";

const row = {
  url: "https://example.test/hook",
  secret: "whsec_c2VjcmV0",
  encryptionKey: "test-encryption-key-0123456789",
};

let database: TestDatabase;
const db = () => database.db;

beforeAll(async () => {
  database = await createTestDatabase("webhook_state");
});
afterAll(() => database.drop());

describe("the sendable-webhook rule", () => {
  it("is the same in SQL, in Prisma and in TypeScript: enabled and not deleted, nothing else", async () => {
    const at = new Date();
    const live = await createWebhook(db(), row);
    const disabled = await createWebhook(db(), { ...row, enabled: false });
    const deleted = await createWebhook(db(), { ...row, deletedAt: at });
    const both = await createWebhook(db(), { ...row, enabled: false, deletedAt: at });
    const ids = [live.id, disabled.id, deleted.id, both.id];

    const bySql = await sqlPool(db()).query<{ id: string }>(
      `SELECT w.id FROM webhooks w WHERE w.id = ANY($1::uuid[]) AND ${sendableWebhookSql("w")}`,
      [ids],
    );
    const byPrisma = await db().webhook.findMany({ where: { id: { in: ids }, ...SENDABLE_WEBHOOK } });
    const rows = await db().webhook.findMany({ where: { id: { in: ids } } });

    expect(bySql.rows.map((r) => r.id)).toEqual([live.id]);
    expect(byPrisma.map((r) => r.id)).toEqual([live.id]);
    expect(Object.fromEntries(rows.map((r) => [r.id, unsendable(r)]))).toEqual({
      [live.id]: null,
      [disabled.id]: "disabled",
      [deleted.id]: "deleted",
      [both.id]: "deleted",
    });
  });
});

describe("setWebhookEnabled", () => {
  it("makes one transition and stores one herald.endpoint.* event per real change", async () => {
    // Operational events are stored only for a subscriber: an operator's global webhook.
    await createWebhook(db(), { ...row, events: ["herald.endpoint.*"] });
    const hook = await createWebhook(db(), row);
    await db().webhook.update({ where: { id: hook.id }, data: { failingSince: new Date() } });
    const disable = () =>
      db().$transaction((tx) =>
        setWebhookEnabled(tx, {
          webhook: hook,
          enabled: false,
          reason: "the endpoint answered 410 Gone",
          trigger: "automatic",
        }),
      );
    const [first, second] = await Promise.all([disable(), disable()]);
    expect([first, second].filter((jobs) => jobs !== null)).toHaveLength(1);
    expect(await db().webhook.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({
      enabled: false,
      disabledReason: "the endpoint answered 410 Gone",
    });

    const enabled = await db().$transaction((tx) =>
      setWebhookEnabled(tx, { webhook: hook, enabled: true, trigger: "manual" }),
    );
    expect(enabled).not.toBeNull();
    expect(await db().webhook.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({
      enabled: true,
      disabledReason: null,
      disabledAt: null,
      failingSince: null,
    });
    const events = await db().event.findMany({
      where: { type: { startsWith: "herald.endpoint." } },
      orderBy: { createdAt: "asc" },
    });
    const about = events.filter((e) => (e.data as { webhook_id?: string }).webhook_id === hook.id);
    expect(about.map((e) => e.type)).toEqual(["herald.endpoint.disabled", "herald.endpoint.enabled"]);
  });
});

describe("retireWebhooks", () => {
  it("deletes and disables the webhook and cancels its pending deliveries only", async () => {
    const hook = await createWebhook(db(), row);
    const other = await createWebhook(db(), row);
    const pending = await createDelivery(db(), { webhookId: hook.id });
    const failed = await createDelivery(db(), { webhookId: hook.id, status: "failed" });
    const untouched = await createDelivery(db(), { webhookId: other.id });

    const retired = await db().$transaction((tx) => retireWebhooks(tx, { webhookId: hook.id }));

    expect(retired).toEqual({ webhooks: 1, deliveriesCancelled: 1 });
    expect(await db().webhook.findUniqueOrThrow({ where: { id: hook.id } })).toMatchObject({ enabled: false });
    expect((await db().webhook.findUniqueOrThrow({ where: { id: hook.id } })).deletedAt).not.toBeNull();
    const status = async (id: string) => (await db().delivery.findUniqueOrThrow({ where: { id } })).status;
    expect([await status(pending.id), await status(failed.id), await status(untouched.id)]).toEqual([
      "cancelled",
      "failed",
      "pending",
    ]);
  });
});
