import request from "supertest";
import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import { createWebhook } from "./helpers/db-fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// Worker processes dying and stopping: a SIGKILLed worker's in-flight jobs
// are recovered by the next worker (stalled-job recovery); SIGTERM finishes
// in-flight POSTs and exits 0.
let t: TestApp;
let receiver: Receiver;
const workers: HeraldProcess[] = [];
const seen = new Map<string, number>();
/** Holds each delivery's first request unanswered until the test releases it (after the kill or the SIGTERM). */
let release: () => void = () => undefined;
let held = new Promise<void>((resolve) => (release = resolve));
const holdAgain = () => (held = new Promise<void>((resolve) => (release = resolve)));

beforeAll(async () => {
  t = await createTestApp("lifecycle");
  // Each delivery's first request hangs until released (so the worker is killed mid-POST however late the kill); later ones answer at once.
  receiver = await startReceiver((req) => {
    const id = String(req.headers["webhook-id"]);
    const count = (seen.get(id) ?? 0) + 1;
    seen.set(id, count);
    return count === 1 ? { until: held } : undefined;
  });
});
afterAll(async () => {
  release();
  for (const w of workers) await w.stop("SIGKILL");
  await receiver.close();
  await t.close();
});

// A 6 s HTTP timeout leaves the kill 6 s after the held POSTs went out (a late
// kill would otherwise record timeouts); lock 7 s (> timeout) and a 1 s stalled check keep recovery quick.
const start = async () => {
  const w = await spawnHerald(
    "worker",
    workerEnvFor(t, {
      HERALD_DELIVERY_TIMEOUT_MS: "6000",
      HERALD_JOB_LOCK_MS: "7000",
      HERALD_STALLED_INTERVAL_MS: "1000",
      HERALD_SWEEP_INTERVAL_MS: "60000",
    }),
  );
  workers.push(w);
  return w;
};
const publish = (type: string) =>
  request(t.app).post("/api/v1/events").set("authorization", t.admin).send({ type, data: {} });
const deliveriesOf = (type: string) => t.deps.db.delivery.findMany({ where: { event: { type } } });

it("recovers the in-flight jobs of a SIGKILLed worker: every delivery reaches success", async () => {
  await createWebhook(t.deps.db, {
    url: `${receiver.url}/crash`,
    events: ["crash.test"],
    secret: "s3cret-value-1",
    encryptionKey: t.deps.config.encryptionKey,
  });
  const first = await start();
  for (let i = 0; i < 5; i++) expect((await publish("crash.test")).status).toBe(202);
  await receiver.waitForRequests(5);
  first.child.kill("SIGKILL");
  expect(await first.exited).toBeNull();
  release(); // the killed worker's sockets are gone: nothing is answered to it
  const orphaned = await deliveriesOf("crash.test");
  expect(orphaned.map((d) => [d.status, d.attemptCount])).toEqual(Array(5).fill(["pending", 0]));

  await start();
  await eventually(async () => (await deliveriesOf("crash.test")).every((d) => d.status === "success"), {
    timeoutMs: 30_000,
    what: "all delivered",
  });
  const done = await deliveriesOf("crash.test");
  expect(done.map((d) => d.attemptCount)).toEqual([1, 1, 1, 1, 1]);
  // Each was sent twice: once by the killed worker, once after recovery (receivers de-duplicate on webhook-id).
  expect(done.map((d) => seen.get(d.id))).toEqual([2, 2, 2, 2, 2]);
});

it("on SIGTERM finishes the in-flight POST, records it, and exits 0", async () => {
  await createWebhook(t.deps.db, {
    url: `${receiver.url}/graceful`,
    events: ["graceful.test"],
    secret: "s3cret-value-1",
    encryptionKey: t.deps.config.encryptionKey,
  });
  const worker = workers[workers.length - 1]!;
  holdAgain();
  const before = receiver.requests.length;
  await publish("graceful.test");
  await receiver.waitForRequests(before + 1);
  const stopped = worker.stop("SIGTERM");
  // Answered only once the worker is shutting down, so the POST was in flight when SIGTERM arrived.
  await eventually(() => worker.output().includes("SIGTERM: finishing in-flight deliveries"), {
    what: "shutdown begun",
  });
  release();
  expect(await stopped).toBe(0);
  const [delivery] = await deliveriesOf("graceful.test");
  expect(delivery).toMatchObject({ status: "success", attemptCount: 1 });
  expect(worker.output()).toContain("worker stopped");
});
