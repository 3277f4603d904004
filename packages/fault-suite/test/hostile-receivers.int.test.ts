import { encrypt } from "@herald/crypto";
import { createDb, type Db } from "@herald/db";
import { eventually, type Receiver, startReceiver } from "@herald/testkit";
import { type Behaviour, type HostileReceiver, startHostileReceiver, type Stack, startStack } from "../src/index.ts";

// Endpoints that hang, trickle, redirect to a private address, answer a
// huge body, drop the socket mid-answer, or answer 429 with Retry-After,
// beside a healthy one, all served by one worker with 4 slots and a 1 s
// timeout. No attempt may hold a slot past the timeout, nothing crashes the
// worker, every attempt is recorded, and the healthy endpoint keeps getting
// its deliveries meanwhile.
const TIMEOUT_MS = 1000;
let stack: Stack;
let db: Db;
let privateTarget: Receiver;
const hostile = new Map<Behaviour, HostileReceiver>();
const behaviours: Behaviour[] = ["hang", "trickle", "redirect-private", "huge", "close-mid-response", "rate-limited"];

beforeAll(async () => {
  stack = await startStack({
    workerEnv: {
      HERALD_DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS),
      HERALD_JOB_LOCK_MS: "5000",
      HERALD_WORKER_CONCURRENCY: "4",
      HERALD_RETRY_SCHEDULE: "1,1",
    },
  });
  await stack.startApi();
  db = createDb({ url: stack.databaseUrl, poolSize: 2 });
  privateTarget = await startReceiver();
  for (const b of behaviours)
    hostile.set(b, await startHostileReceiver(b, { redirectTo: `${privateTarget.url}/internal-admin` }));
});
afterAll(async () => {
  for (const r of hostile.values()) await r.close();
  await privateTarget?.close();
  await db?.$disconnect();
  await stack?.destroy();
});

const hookRow = (url: string, events: string[]) =>
  db.webhook.create({ data: { url, events, secretEncrypted: encrypt("s3cret-value-1", stack.encryptionKey) } });

it("bounds every attempt by the timeout, records it, and keeps delivering to a healthy endpoint", async () => {
  const healthy = await startReceiver(undefined, { name: "healthy" });
  const hooks = new Map<Behaviour, string>();
  for (const b of behaviours) hooks.set(b, (await hookRow(hostile.get(b)!.url, ["hostile.*"])).id);
  await hookRow(healthy.url, ["healthy.*", "hostile.*"]);
  const worker = await stack.startWorker();

  // Three hostile events (6 endpoints x 3 attempts each), then a steady trickle of healthy-only events.
  for (let i = 0; i < 3; i++)
    await stack.call("POST", "/events", { id: `hostile-${i}`, type: "hostile.probe", data: { i } }, 202);
  const healthyIds: string[] = [];
  for (let i = 0; i < 60; i++) {
    healthyIds.push(
      (
        await stack.call<{ id: string }>(
          "POST",
          "/events",
          { id: `healthy-${i}`, type: "healthy.tick", data: { i } },
          202,
        )
      ).id,
    );
    await new Promise((r) => setTimeout(r, 50));
  }
  await eventually(() => healthyIds.every((id) => healthy.byEvent.has(id)), {
    timeoutMs: 30_000,
    what: "healthy deliveries",
  });

  const hostileIds = [...hooks.values()];
  await eventually(
    async () =>
      (await db.delivery.count({ where: { webhookId: { in: hostileIds }, status: "failed" } })) ===
      hostileIds.length * 3,
    { timeoutMs: 60_000, what: "hostile deliveries given up" },
  );
  const attempts = await db.deliveryAttempt.findMany({
    where: { delivery: { webhookId: { in: hostileIds } } },
    include: { delivery: true },
    orderBy: { createdAt: "asc" },
  });
  const of = (b: Behaviour) => attempts.filter((a) => a.delivery.webhookId === hooks.get(b));
  for (const b of behaviours) expect([b, of(b).length]).toEqual([b, 9]);
  // No attempt held its slot much past the timeout.
  const slowest = Math.max(...attempts.map((a) => a.durationMs));
  expect(slowest).toBeLessThan(TIMEOUT_MS + 1000);

  expect(of("hang").every((a) => a.statusCode === null && /timeout/.test(a.error ?? ""))).toBe(true);
  expect(of("trickle").every((a) => /timeout/.test(a.error ?? ""))).toBe(true);
  expect(of("redirect-private").every((a) => a.statusCode === 302 && a.error === "HTTP 302")).toBe(true);
  expect(privateTarget.requests).toHaveLength(0);
  expect(of("huge").every((a) => a.statusCode === 500 && a.responseBody?.length === 4096)).toBe(true);
  expect(of("close-mid-response").every((a) => a.statusCode === null || a.statusCode === 200)).toBe(true);
  expect(of("close-mid-response").every((a) => a.error !== null)).toBe(true);
  expect(of("rate-limited").every((a) => a.statusCode === 429)).toBe(true);
  // Retry-After: 3 beats the 1 s schedule: each delivery's attempts are at least ~3 s apart.
  const byDelivery = new Map<string, number[]>();
  for (const a of of("rate-limited"))
    byDelivery.set(a.deliveryId, [...(byDelivery.get(a.deliveryId) ?? []), a.createdAt.getTime()]);
  for (const times of byDelivery.values())
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(2700);

  console.log(
    `hostile receivers: ${attempts.length} attempts, slowest ${slowest} ms; ` +
      `healthy got ${healthy.requests.length} of ${healthyIds.length}; private target requests: ${privateTarget.requests.length}`,
  );
  expect(worker.child.exitCode).toBeNull();
  expect(worker.output()).not.toMatch(/uncaught|unhandled|FATAL/i);
  await healthy.close();
});
