import { randomBytes } from "node:crypto";
import { startRedisSentinel, type ThrowawayRedisSentinel, eventually } from "@herald/testkit";
import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import {
  checkRedis,
  createRedisConnection,
  describeRedisTarget,
  type RedisClient,
  type RedisTarget,
} from "../src/index.ts";

// Herald's connections through a real Sentinel setup on loopback (one
// primary, one replica, three Sentinels): a BullMQ producer and worker,
// before and after the primary is SIGKILLed and its replica promoted.
const timeout = 120_000;
const prefix = `sentinel-${randomBytes(3).toString("hex")}`;
// The primary and replica require it; characters a URL must escape show that it is decoded.
const password = "primary/pass:word@1";

let sentinel: ThrowawayRedisSentinel;
let target: RedisTarget;
const clients: RedisClient[] = [];

beforeAll(async () => {
  sentinel = await startRedisSentinel({ password });
  // The URL's host and port are not used through Sentinel; its password and database number are.
  target = {
    url: `redis://:${encodeURIComponent(password)}@unused.invalid:1/3`,
    sentinel: { name: sentinel.name, nodes: sentinel.sentinels.map(({ port }) => ({ host: "127.0.0.1", port })) },
  };
}, timeout);

afterAll(async () => {
  for (const c of clients) c.disconnect();
  await sentinel?.destroy();
}, timeout);

function connect(role: "producer" | "worker"): RedisClient {
  const client = createRedisConnection({ ...target, role });
  // Reconnect attempts while there is no primary are expected; the assertions say what matters.
  client.on("error", () => undefined);
  clients.push(client);
  return client;
}

async function serverPortAndDb(client: RedisClient): Promise<{ port: number; db: number }> {
  const port = Number(/tcp_port:(\d+)/.exec(String(await client.info("server")))?.[1]);
  const db = Number(/ db=(\d+)/.exec(String(await client.call("CLIENT", "INFO")))?.[1]);
  return { port, db };
}

it("names the Sentinels and the primary, never the URL's host or password", () => {
  expect(describeRedisTarget(target)).not.toContain("pass");
  expect(describeRedisTarget(target)).toBe(`Redis Sentinel ${sentinel.name} via ${sentinel.sentinelsVariable}`);
});

it(
  "a producer and a BullMQ worker reach the primary through the Sentinels and follow the replica's promotion",
  async () => {
    const producer = connect("producer");
    const workerConnection = connect("worker");
    await eventually(async () => producer.status === "ready" && workerConnection.status === "ready", {
      what: "both connections ready",
    });
    expect(await checkRedis(producer)).toEqual({ ok: true, detail: `primary of ${sentinel.name}` });
    expect(await serverPortAndDb(workerConnection)).toEqual({ port: sentinel.primary.port, db: 3 });
    // BullMQ's blocking connections are duplicates: they keep the Sentinels, the name and the database.
    const duplicate = (workerConnection as Redis).duplicate();
    duplicate.on("error", () => undefined);
    clients.push(duplicate);
    expect(await serverPortAndDb(duplicate)).toEqual({ port: sentinel.primary.port, db: 3 });

    const queue = new Queue("sentinel-test", { connection: producer, prefix });
    queue.on("error", () => undefined);
    const processed: string[] = [];
    const worker = new Worker("sentinel-test", async (job) => void processed.push(job.id!), {
      connection: workerConnection,
      prefix,
      drainDelay: 1,
    });
    worker.on("error", () => undefined);
    try {
      await queue.add("job", {}, { jobId: "before" });
      await eventually(async () => processed.includes("before"), { what: "the job added before the failover" });

      await sentinel.kill(sentinel.primary.port);
      await eventually(async () => producer.status !== "ready", { what: "the producer to notice the primary is gone" });
      // No primary yet (the Sentinels wait down-after-milliseconds): the producer fails instead of waiting.
      await expect(queue.add("job", {}, { jobId: "during" })).rejects.toThrow();
      expect((await checkRedis(producer)).ok).toBe(false);

      const { newPrimaryPort } = await sentinel.waitForFailover(sentinel.primary.port);
      expect(newPrimaryPort).toBe(sentinel.replica.port);
      await eventually(async () => (await checkRedis(producer)).ok, {
        timeoutMs: 30_000,
        what: "the producer on the new primary",
      });
      await queue.add("job", {}, { jobId: "after" });
      // The worker (and its blocking duplicate) found the promoted replica through the Sentinels.
      await eventually(async () => processed.includes("after"), {
        timeoutMs: 30_000,
        what: "the job added after the failover",
      });
      expect(processed).toEqual(["before", "after"]);
      expect(await serverPortAndDb(workerConnection)).toEqual({ port: sentinel.replica.port, db: 3 });
      expect(await serverPortAndDb(duplicate)).toEqual({ port: sentinel.replica.port, db: 3 });
    } finally {
      await worker.close(true);
      await queue.close();
    }
  },
  timeout,
);
