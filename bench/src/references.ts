import http from "node:http";
import { Queue, Worker } from "bullmq";
import got from "got";
import { Redis } from "ioredis";
import { Pool } from "undici";
import { pool } from "./stats.ts";

// The machine's ceilings, measured in the same run as Herald: how fast can
// this process POST the same body to the same receiver with got (what the
// worker uses) and with undici, and how fast can BullMQ move no-op jobs.

export async function gotPostRate({
  url,
  body,
  total,
  concurrency,
}: {
  url: string;
  body: string;
  total: number;
  concurrency: number;
}): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const started = performance.now();
  await pool(total, concurrency, async () => {
    await got.post(url, {
      body,
      headers: { "content-type": "application/json" },
      agent: { http: agent },
      retry: { limit: 0 },
      followRedirect: false,
      timeout: { request: 5000 },
    });
  });
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return total / seconds;
}

export async function undiciPostRate({
  origin,
  path,
  body,
  total,
  concurrency,
}: {
  origin: string;
  path: string;
  body: string;
  total: number;
  concurrency: number;
}): Promise<number> {
  const client = new Pool(origin, { connections: concurrency });
  const started = performance.now();
  await pool(total, concurrency, async () => {
    const res = await client.request({ method: "POST", path, body, headers: { "content-type": "application/json" } });
    await res.body.dump();
  });
  const seconds = (performance.now() - started) / 1000;
  await client.close();
  return total / seconds;
}

export async function bullmqNoopRate({
  redisUrl,
  prefix,
  total,
  concurrency,
}: {
  redisUrl: string;
  prefix: string;
  total: number;
  concurrency: number;
}): Promise<number> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("noop", { connection, prefix });
  let done = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker(
    "noop",
    async () => {
      if (++done === total) finish();
    },
    { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency, autorun: false },
  );
  const started = performance.now();
  for (let i = 0; i < total; i += 1000) {
    await queue.addBulk(
      Array.from({ length: Math.min(1000, total - i) }, (_, j) => ({
        name: "noop",
        data: { i: i + j },
        opts: { removeOnComplete: true },
      })),
    );
  }
  void worker.run();
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
  return total / seconds;
}
