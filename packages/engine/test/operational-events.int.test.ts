import { randomBytes } from "node:crypto";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { eventually, type ReceivedRequest, type Receiver, startReceiver } from "@herald/testkit";
import { Webhook } from "standardwebhooks";
import { createDeliveries, createWebhook } from "./helpers/fixtures.ts";
import { type HealthWorker, startHealthWorker } from "./helpers/health-worker.ts";

const encryptionKey = randomBytes(32).toString("hex");
const secret = "whsec_" + randomBytes(24).toString("base64");
const PROBE_INTERVAL_MS = 400;

let database: TestDatabase;
let receiver: Receiver;
let w: HealthWorker;
let tenantA: string;
let tenantB: string;
/** Paths whose next answers are failures, each with a count (Infinity: always). */
const failing = new Map<string, { status: number; left: number }>();

beforeAll(async () => {
  database = await createTestDatabase("operational-events");
  receiver = await startReceiver((req) => {
    const rule = failing.get(req.path);
    if (!rule || rule.left <= 0) return undefined;
    rule.left--;
    return { status: rule.status };
  });
  // No retries: a failed attempt dead-letters at once. Two failures open a circuit.
  w = await startHealthWorker({
    db: database.db,
    encryptionKey,
    schedule: [],
    settings: { circuitThreshold: 2, probeIntervalMs: PROBE_INTERVAL_MS },
  });
  tenantA = (await database.db.tenant.create({ data: { name: "tenant A" } })).id;
  tenantB = (await database.db.tenant.create({ data: { name: "tenant B" } })).id;
});
afterAll(async () => {
  await w.close();
  await receiver.close();
  await database.drop();
});

const db = () => database.db;

async function endpoint(path: string, { events, tenantId = null }: { events: string[]; tenantId?: string | null }) {
  return createWebhook(db(), { url: `${receiver.url}${path}`, secret, encryptionKey, events, tenantId });
}

interface Operational {
  type: string;
  tenant_id: string | null;
  data: Record<string, unknown>;
}

/** What `path` received, each verified with the standardwebhooks library (throws on a bad signature). */
function receivedAt(path: string): Array<Operational & { request: ReceivedRequest }> {
  const verifier = new Webhook(secret);
  return receiver.requests
    .filter((r) => r.path === path)
    .map((request) => {
      const envelope = verifier.verify(request.body, request.headers as Record<string, string>) as {
        event: string;
        tenant_id: string | null;
        data: Record<string, unknown>;
      };
      return { type: envelope.event, tenant_id: envelope.tenant_id, data: envelope.data, request };
    });
}

const about = (path: string, type: string, webhookId: string) =>
  receivedAt(path).filter((e) => e.type === type && e.data.webhook_id === webhookId);

/** Every delivery settled and no job left: anything an attempt raises has been stored by then. */
async function quiet(): Promise<void> {
  await eventually(
    async () => {
      const pending = await db().delivery.count({ where: { status: "pending" } });
      const counts = await w.queues.getJobCounts("waiting", "active", "delayed");
      return pending === 0 && Object.values(counts).every((n) => n === 0);
    },
    { what: "deliveries settled", timeoutMs: 20_000 },
  );
}

describe("operational events", () => {
  it("raises one herald.endpoint.disabled for a 410, to the subscribed global webhook and the endpoint's own tenant, signed like any event", async () => {
    const global = await endpoint("/global", { events: ["herald.*"] });
    const ownTenant = await endpoint("/tenant-a", { events: ["herald.endpoint.*"], tenantId: tenantA });
    const otherTenant = await endpoint("/tenant-b", { events: ["herald.*"], tenantId: tenantB });
    const catchAll = await endpoint("/catch-all", { events: ["*"] });
    // The failing endpoint subscribes to operational events too: it never receives its own.
    const gone = await endpoint("/gone", { events: ["invoice.updated", "herald.*"], tenantId: tenantA });
    failing.set("/gone", { status: 410, left: Infinity });

    await w.enqueue(await createDeliveries(db(), { webhookId: gone.id, count: 1 }));
    await eventually(
      () =>
        about("/global", "herald.endpoint.disabled", gone.id).length >= 1 &&
        about("/tenant-a", "herald.endpoint.disabled", gone.id).length >= 1,
      { what: "disabled event delivered" },
    );
    await quiet();

    const [toGlobal] = about("/global", "herald.endpoint.disabled", gone.id);
    expect(about("/global", "herald.endpoint.disabled", gone.id)).toHaveLength(1);
    expect(about("/tenant-a", "herald.endpoint.disabled", gone.id)).toHaveLength(1);
    expect(toGlobal).toMatchObject({
      tenant_id: tenantA,
      data: {
        webhook_id: gone.id,
        tenant_id: tenantA,
        url: `${receiver.url}/gone`,
        description: null,
        trigger: "automatic",
        reason: "the endpoint answered 410 Gone",
      },
    });
    expect(Date.parse(toGlobal!.data.disabled_at as string)).not.toBeNaN();
    // The same event reached both: one event, a delivery per subscriber.
    expect(about("/tenant-a", "herald.endpoint.disabled", gone.id)[0]!.request.headers["webhook-id"]).not.toBe(
      toGlobal!.request.headers["webhook-id"],
    );
    const events = await db().event.findMany({
      where: { type: "herald.endpoint.disabled" },
      include: { deliveries: true },
    });
    expect(events).toHaveLength(1);
    expect(events[0]!.deliveries.map((d) => d.webhookId).sort()).toEqual([global.id, ownTenant.id].sort());
    // The endpoint's own dead-lettered delivery is reported too, to the webhooks that asked for it.
    expect(about("/global", "herald.delivery.exhausted", gone.id)).toHaveLength(1);
    expect(about("/tenant-a", "herald.delivery.exhausted", gone.id)).toHaveLength(0);

    expect(receivedAt("/tenant-b")).toEqual([]);
    expect(receivedAt("/catch-all")).toEqual([]);
    expect(receiver.requests.filter((r) => r.path === "/gone")).toHaveLength(1);
    void otherTenant;
    void catchAll;
  });

  it("raises herald.circuit.opened when the circuit opens and herald.circuit.closed when a probe succeeds", async () => {
    const watcher = await endpoint("/circuit-watch", { events: ["herald.circuit.*"], tenantId: tenantB });
    const flaky = await endpoint("/flaky", { events: ["invoice.updated"], tenantId: tenantB });
    failing.set("/flaky", { status: 503, left: 2 });

    const first = await createDeliveries(db(), { webhookId: flaky.id, count: 2 });
    await w.enqueue(first);
    await eventually(() => about("/circuit-watch", "herald.circuit.opened", flaky.id).length === 1, {
      what: "circuit opened event",
    });
    // The next delivery waits for the probe, which succeeds and closes the circuit.
    await w.enqueue(await createDeliveries(db(), { webhookId: flaky.id, count: 1 }));
    await eventually(() => about("/circuit-watch", "herald.circuit.closed", flaky.id).length === 1, {
      what: "circuit closed event",
    });
    await quiet();

    const [opened] = about("/circuit-watch", "herald.circuit.opened", flaky.id);
    expect(opened!.data).toMatchObject({ webhook_id: flaky.id, tenant_id: tenantB, failures: 2 });
    expect(Date.parse(opened!.data.next_probe_at as string) - Date.parse(opened!.data.opened_at as string)).toBe(
      PROBE_INTERVAL_MS,
    );
    const [closed] = about("/circuit-watch", "herald.circuit.closed", flaky.id);
    expect(Date.parse(closed!.data.closed_at as string)).toBeGreaterThan(Date.parse(opened!.data.opened_at as string));
    expect(receivedAt("/circuit-watch").map((e) => e.type)).toEqual(["herald.circuit.opened", "herald.circuit.closed"]);
    void watcher;
  });

  it("raises herald.delivery.exhausted for a dead-lettered delivery, and nothing further when that event's own delivery dead-letters", async () => {
    const alerts = await endpoint("/alerts-down", { events: ["herald.delivery.exhausted"] });
    const broken = await endpoint("/broken", { events: ["invoice.updated"] });
    failing.set("/alerts-down", { status: 500, left: Infinity });
    failing.set("/broken", { status: 500, left: Infinity });

    const [deliveryId] = await createDeliveries(db(), { webhookId: broken.id, count: 1 });
    await w.enqueue([deliveryId!]);
    await eventually(() => about("/alerts-down", "herald.delivery.exhausted", broken.id).length === 1, {
      what: "exhausted event sent",
    });
    await quiet();

    const [exhausted] = about("/alerts-down", "herald.delivery.exhausted", broken.id);
    const delivery = await db().delivery.findUniqueOrThrow({ where: { id: deliveryId! } });
    expect(exhausted!.data).toMatchObject({
      delivery_id: deliveryId,
      event_id: delivery.eventId,
      event_type: "invoice.updated",
      attempts: 1,
      last_status_code: 500,
      webhook_id: broken.id,
    });
    // The alert endpoint failed the exhausted event's only attempt: dead-lettered, and it raised no event about itself.
    const alertDeliveries = await db().delivery.findMany({ where: { webhookId: alerts.id } });
    expect(alertDeliveries.map((d) => d.status)).toEqual(["failed"]);
    const aboutAlerts = await db().event.findMany({ where: { type: { startsWith: "herald." } } });
    expect(aboutAlerts.filter((e) => (e.data as { webhook_id?: string }).webhook_id === alerts.id)).toEqual([]);
    expect(await db().event.count({ where: { type: "herald.delivery.exhausted" } })).toBe(
      // One per dead-lettered ordinary delivery of this file so far: /gone's, /flaky's two, /broken's.
      4,
    );
  });
});
