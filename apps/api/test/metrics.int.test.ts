import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import { endpointKeys, enqueueDeliveries, partitionOf } from "@herald/engine";
import { randomUUID } from "node:crypto";
import request from "supertest";
import { createApp } from "../src/app.ts";
import { createWebhook } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

let t: TestApp;
let receiver: Receiver;
let worker: HeraldProcess;

beforeAll(async () => {
  t = await createTestApp("metrics");
  receiver = await startReceiver((req) => (req.path === "/broken" ? { status: 500 } : undefined));
  // Two attempts (one retry, at once); the second consecutive failure opens the circuit.
  worker = await spawnHerald(
    "worker",
    workerEnvFor(t, {
      HERALD_RETRY_SCHEDULE: "0",
      HERALD_METRICS_FLUSH_MS: "100",
      HERALD_CIRCUIT_THRESHOLD: "2",
      HERALD_CIRCUIT_PROBE_INTERVAL_MS: "60000",
    }),
  );
});
afterAll(async () => {
  await worker.stop();
  await receiver.close();
  await t.close();
});

/** `name{labels} value` lines of the exposition, as a map. */
async function scrape(): Promise<Map<string, number>> {
  const res = await request(t.app).get("/metrics").expect(200);
  expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of res.text.split("\n")) {
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) samples.set(m[1]!, Number(m[2]));
  }
  return samples;
}

it("counts the workers' attempts by outcome, their latency, the dead-letter queue, queue depth and open circuits", async () => {
  const before = await scrape();
  expect(before.get('herald_delivery_attempts_total{outcome="success"}')).toBe(0);
  expect(before.get("herald_dead_letter_deliveries")).toBe(0);
  expect(before.get('herald_queue_jobs{state="waiting"}')).toBe(0);
  expect(before.get("herald_open_circuits")).toBe(0);

  await createWebhook(t, t.admin, { url: `${receiver.url}/ok`, events: ["a.b"] });
  await createWebhook(t, t.admin, { url: `${receiver.url}/broken`, events: ["a.b"] });
  await request(t.app).post("/api/v1/events").set("authorization", t.admin).send({ type: "a.b", data: {} }).expect(202);

  await eventually(
    async () => {
      const s = await scrape();
      return (
        s.get('herald_delivery_attempts_total{outcome="success"}') === 1 &&
        s.get('herald_delivery_attempts_total{outcome="failed"}') === 1
      );
    },
    { what: "worker counters at the API" },
  );
  const after = await scrape();
  expect(after.get('herald_delivery_attempts_total{outcome="retry"}')).toBe(1);
  expect(after.get("herald_delivery_attempt_duration_seconds_count")).toBe(3);
  expect(after.get('herald_delivery_attempt_duration_seconds_bucket{le="+Inf"}')).toBe(3);
  expect(after.get("herald_delivery_attempt_duration_seconds_sum")).toBeGreaterThan(0);
  expect(after.get("herald_dead_letter_deliveries")).toBe(1);
  expect(after.get('herald_queue_jobs{state="failed"}')).toBe(1);
  expect(after.get("herald_open_circuits")).toBe(1);
});

it("reports queue depth per partition and in total, and counts only circuits still open", async () => {
  const parts = await createTestApp("metrics_parts", {}, { partitions: 4 });
  try {
    const jobs = Array.from({ length: 12 }, () => ({ deliveryId: randomUUID(), webhookId: randomUUID() }));
    await enqueueDeliveries({ queues: parts.deps.deliveryQueues, jobs });
    const keys = endpointKeys(parts.deps.config.queuePrefix);
    // The gauge's set can hold a webhook whose circuit has since closed (its write is not atomic with the breaker's).
    const [open, closed] = [randomUUID(), randomUUID()];
    await parts.deps.redis.sadd(keys.openSet, open, closed);
    await parts.deps.redis.set(keys.open(open), "1");
    const res = await request(parts.app).get("/metrics").expect(200);
    const sample = (name: string) =>
      Number(new RegExp(`^${name.replace(/[{}"]/g, "\\$&")} (\\S+)$`, "m").exec(res.text)?.[1]);
    expect(sample('herald_queue_jobs{state="waiting"}')).toBe(12);
    for (let p = 0; p < 4; p++) {
      const expected = jobs.filter((j) => partitionOf(j.webhookId, 4) === p).length;
      expect(sample(`herald_queue_partition_jobs{partition="${p}",state="waiting"}`)).toBe(expected);
    }
    expect(sample("herald_open_circuits")).toBe(1);
  } finally {
    await parts.close();
  }
});

it("requires HERALD_METRICS_TOKEN as a bearer token when it is set", async () => {
  const token = "metrics-token-0123456789";
  const guarded = createApp({ ...t.deps, config: { ...t.deps.config, metricsToken: token } });
  const denied = await request(guarded).get("/metrics").expect(401);
  expect(denied.body.error.code).toBe("unauthorized");
  await request(guarded).get("/metrics").set("authorization", "Bearer wrong-token-0123456789").expect(401);
  await request(guarded).get("/metrics").set("authorization", `Bearer ${token}`).expect(200);
});
