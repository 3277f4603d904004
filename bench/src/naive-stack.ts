import type { ChildProcess } from "node:child_process";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import { benchDb, databaseUrl as urlOf, dropDatabase, migrate } from "./bench-db.ts";
import { startBenchScript, stopProcesses } from "./processes.ts";
import { eventually, freePort } from "@herald/testkit";

export interface NaiveStack {
  origin: string;
  /** Rows the naive app has stored, to check that every answer was a real insert. */
  rowCounts(): Promise<{ events: number; deliveries: number }>;
  stop(): Promise<void>;
}

/** The naive full pipeline: the app enqueues each delivery on this queue, and a naive worker sends them. */
interface NaivePipeline {
  redisUrl: string;
  prefix: string;
  workerConcurrency: number;
}

/**
 * The naive ingest app (naive-app.ts) as its own process, like Herald's API,
 * on its own database `<bench db>_naive` with Herald's real tables (the same
 * migrations) and one global webhook subscribed to `eventType`, so each event
 * inserts one delivery row as Herald's ingest phase does. With `pipeline`,
 * the naive worker (naive-worker.ts) runs too and POSTs each to `webhookUrl`.
 */
export async function startNaive({
  eventType,
  webhookUrl = "http://127.0.0.1:9/naive",
  pipeline,
}: {
  eventType: string;
  webhookUrl?: string;
  pipeline?: NaivePipeline;
}): Promise<NaiveStack> {
  const name = `${benchDb}_naive`;
  await dropDatabase(name);
  const databaseUrl = urlOf(name);
  await migrate(databaseUrl);
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await db.query(
    "INSERT INTO webhooks (id, url, events, secret_encrypted, updated_at) VALUES (gen_random_uuid(), $2, $1, 'unused', now())",
    [[eventType], webhookUrl],
  );
  const port = await freePort();
  // The same pool size as Herald's API (DATABASE_POOL_SIZE's default).
  const env = { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: "10", NODE_ENV: "production" };
  const queueEnv: Record<string, string> = pipeline
    ? { REDIS_URL: pipeline.redisUrl, QUEUE_PREFIX: pipeline.prefix }
    : {};
  const children: ChildProcess[] = [
    startBenchScript({ name: "naive", script: "naive-app.ts", env: { ...env, ...queueEnv, PORT: String(port) } }),
  ];
  if (pipeline) {
    const workerEnv = { ...env, ...queueEnv, WORKER_CONCURRENCY: String(pipeline.workerConcurrency) };
    children.push(startBenchScript({ name: "naive-worker", script: "naive-worker.ts", env: workerEnv }));
  }
  const origin = `http://127.0.0.1:${port}`;
  const up = await eventually(async () => (await fetch(`${origin}/readyz`)).ok, {
    timeoutMs: 30_000,
    intervalMs: 200,
  }).catch(() => false);
  const working = pipeline ? await workerConnected({ name: "naive", ...pipeline }) : true;
  if (!up || !working) {
    await stopProcesses(children, 1_000);
    await db.end();
    throw new Error(`the naive ${up ? "worker" : "ingest app"} did not become ready within 30 s`);
  }
  return {
    origin,
    async rowCounts() {
      const res = await db.query<{ events: string; deliveries: string }>(
        "SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM deliveries) AS deliveries",
      );
      return { events: Number(res.rows[0]?.events ?? 0), deliveries: Number(res.rows[0]?.deliveries ?? 0) };
    },
    async stop() {
      await stopProcesses(children, 5_000);
      await db.end();
      if (pipeline) await obliterate({ name: "naive", ...pipeline });
    },
  };
}

/** Removes the queue `name` and its jobs from Redis. */
export async function obliterate({ name, redisUrl, prefix }: { name: string; redisUrl: string; prefix: string }) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  connection.disconnect();
}

/** Waits (at most 30 s) until a worker of the queue `name` is connected to Redis. */
export async function workerConnected({
  name,
  redisUrl,
  prefix,
}: {
  name: string;
  redisUrl: string;
  prefix: string;
}): Promise<boolean> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(name, { connection, prefix });
  try {
    return await eventually(async () => (await queue.getWorkersCount()) > 0, {
      timeoutMs: 30_000,
      intervalMs: 200,
    }).catch(() => false);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
