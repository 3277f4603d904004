import { randomBytes } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { benchDb, databaseUrl as urlOf, dropDatabase, migrate } from "./bench-db.ts";
import { startRole, stopProcesses } from "./processes.ts";
import { eventually, freePort } from "@herald/testkit";

export interface HeraldStack {
  origin: string;
  adminKey: string;
  prefix: string;
  databaseUrl: string;
  /** OS pids of Herald's own processes, for their CPU time. */
  pids: { api: number; workers: number[] };
  /** Deliveries in `success` state (the attempt recorded). */
  successCount(): Promise<number>;
  /** Each delivery's place in its FIFO line (deliveries.seq). */
  lineSeqOf(deliveryIds: string[]): Promise<Map<string, number>>;
  /** Pids of the Postgres backends serving Herald's processes (the bench's own probe connections left out). */
  backendPids(): Promise<number[]>;
  stop(): Promise<void>;
}

// The bench's own connections name themselves so the CPU figures can leave
// their backends out: polling for drained deliveries is the bench's cost, not Herald's.
const PROBE_APP = "herald-bench-probe";

export interface HeraldStackOptions {
  workers: number;
  workerConcurrency: number;
  partitions: number;
  redisUrl: string;
  /** More environment for both roles (the stage phase's OTLP endpoint). */
  env?: Record<string, string>;
}

/**
 * Herald as a user runs it: the API and N worker processes against its own
 * database (HERALD_BENCH_DB, recreated each run) and queue prefix.
 */
export async function startHerald({
  workers,
  workerConcurrency,
  partitions,
  redisUrl,
  env: extraEnv = {},
}: HeraldStackOptions): Promise<HeraldStack> {
  await dropDatabase(benchDb);
  const databaseUrl = urlOf(benchDb);
  const adminKey = `bench-admin-${randomBytes(16).toString("hex")}`;
  const prefix = `herald-bench-${randomBytes(3).toString("hex")}`;
  const port = await freePort();
  const env = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    HERALD_QUEUE_PREFIX: prefix,
    HERALD_QUEUE_PARTITIONS: String(partitions),
    HERALD_ADMIN_KEY: adminKey,
    HERALD_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    HERALD_ALLOW_HTTP: "true",
    HERALD_ALLOW_PRIVATE_TARGETS: "true",
    HERALD_MAX_WEBHOOKS_PER_TENANT: "5000",
    HERALD_WORKER_CONCURRENCY: String(workerConcurrency),
    PORT: String(port),
    HOST: "127.0.0.1",
    // Production refuses to mint portal links without it (the noisy-neighbour phase uses one).
    HERALD_PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...extraEnv,
  };
  await migrate(databaseUrl);
  const api = startRole("api", env);
  const workerProcesses: ChildProcess[] = Array.from({ length: workers }, () => startRole("worker", env));
  const children = [api, ...workerProcesses];
  const origin = `http://127.0.0.1:${port}`;
  const up = await eventually(async () => (await fetch(`${origin}/readyz`)).ok, {
    timeoutMs: 30_000,
    intervalMs: 200,
  }).catch(() => false);
  if (!up) throw new Error("Herald's API did not become ready within 30 s");
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2, application_name: PROBE_APP });
  return {
    origin,
    adminKey,
    prefix,
    databaseUrl,
    pids: { api: api.pid!, workers: workerProcesses.map((w) => w.pid!) },
    async successCount() {
      const res = await db.query<{ n: string }>("SELECT count(*) AS n FROM deliveries WHERE status = 'success'");
      return Number(res.rows[0]?.n ?? 0);
    },
    async lineSeqOf(deliveryIds: string[]) {
      const res = await db.query<{ id: string; seq: string }>(
        "SELECT id, seq FROM deliveries WHERE id = any($1::uuid[])",
        [deliveryIds],
      );
      return new Map(res.rows.map((r) => [r.id, Number(r.seq)]));
    },
    async backendPids() {
      const res = await db.query<{ pid: number }>(
        "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name <> $2",
        [benchDb, PROBE_APP],
      );
      return res.rows.map((r) => r.pid);
    },
    async stop() {
      // Graceful shutdown finishes in-flight work; past 10 s, stop waiting.
      await stopProcesses(children, 10_000);
      // A statement of a killed process runs on in Postgres until it ends: it must not load the next run.
      await db.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [benchDb],
      );
      await db.end();
    },
  };
}
