import request from "supertest";
import {
  eventually,
  type HeraldProcess,
  type Receiver,
  spawnHerald,
  startReceiver,
  startRedisServer,
  type ThrowawayRedis,
} from "@herald/testkit";
import { createWebhook } from "./helpers/db-fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// Publishing while Redis is down: the API still stores the event and answers
// 202; once Redis is back the worker's sweeper enqueues what was missed.
let redis: ThrowawayRedis;
let t: TestApp;
let receiver: Receiver;
let worker: HeraldProcess;

beforeAll(async () => {
  redis = await startRedisServer();
  t = await createTestApp("outage", {}, { redisUrl: redis.url });
  receiver = await startReceiver();
  worker = await spawnHerald(
    "worker",
    workerEnvFor(t, { REDIS_URL: redis.url, HERALD_SWEEP_INTERVAL_MS: "500", HERALD_SWEEP_GRACE_MS: "500" }),
  );
});
afterAll(async () => {
  await worker?.stop("SIGKILL");
  await receiver?.close();
  await t?.close();
  await redis?.destroy();
});

it("accepts events while Redis is down and delivers them once it is back", async () => {
  await createWebhook(t.deps.db, {
    url: `${receiver.url}/outage`,
    events: ["outage.*"],
    secret: "s3cret-value-1",
    encryptionKey: t.deps.config.encryptionKey,
  });
  await redis.stop({ kill: true });

  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const res = await request(t.app)
      .post("/api/v1/events")
      .set("authorization", t.admin)
      .send({ type: "outage.test", data: { i } });
    expect(res.status).toBe(202);
    expect(res.body.deliveries).toBe(1);
    ids.push(res.body.id);
  }
  const pending = await t.deps.db.delivery.findMany({ where: { eventId: { in: ids } } });
  expect(pending.map((d) => d.status)).toEqual(["pending", "pending", "pending"]);

  // Same port, empty data: every job the API tried to add is gone.
  await redis.start();
  await eventually(
    async () =>
      (await t.deps.db.delivery.findMany({ where: { eventId: { in: ids } } })).every((d) => d.status === "success"),
    { timeoutMs: 20_000, what: "delivered after the outage" },
  );
  const delivered = receiver.requests.map((r) => JSON.parse(r.body).id);
  // Each once: the sweeper's re-enqueue (job id = delivery id) must not send any of them twice.
  expect(delivered.sort()).toEqual([...ids].sort());
  // Delivered because the sweeper found pending deliveries without a job, not because a publish was buffered.
  expect(worker.output()).toContain("sweeper re-enqueued deliveries without a job");
});
