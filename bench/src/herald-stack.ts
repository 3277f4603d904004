import { randomBytes } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import pg from "pg";
import { freePort, runMigrate, startRole, waitFor } from "./processes.ts";

export interface HeraldStack {
  origin: string;
  adminKey: string;
  prefix: string;
  databaseUrl: string;
  /** Deliveries in `success` state (the attempt recorded). */
  successCount(): Promise<number>;
  stop(): Promise<void>;
}

const PG = process.env.HERALD_BENCH_PG ?? "postgresql://postgres:postgres@127.0.0.1:5432";

/**
 * Herald as a user runs it: the API and N worker processes against its own
 * database (herald_bench, recreated each run) and queue prefix.
 */
export async function startHerald({ workers, workerConcurrency, redisUrl }: { workers: number; workerConcurrency: number; redisUrl: string }): Promise<HeraldStack> {
  const admin = new pg.Client({ connectionString: `${PG}/postgres` });
  await admin.connect();
  await admin.query("DROP DATABASE IF EXISTS herald_bench WITH (FORCE)");
  await admin.end();
  const databaseUrl = `${PG}/herald_bench`;
  const adminKey = `bench-admin-${randomBytes(16).toString("hex")}`;
  const prefix = `herald-bench-${randomBytes(3).toString("hex")}`;
  const port = await freePort();
  const env = {
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    HERALD_QUEUE_PREFIX: prefix,
    HERALD_ADMIN_KEY: adminKey,
    HERALD_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    HERALD_ALLOW_HTTP: "true",
    HERALD_ALLOW_PRIVATE_TARGETS: "true",
    HERALD_MAX_WEBHOOKS_PER_TENANT: "5000",
    HERALD_WORKER_CONCURRENCY: String(workerConcurrency),
    PORT: String(port),
    HOST: "127.0.0.1",
  };
  await runMigrate(env);
  const children: ChildProcess[] = [startRole("api", env), ...Array.from({ length: workers }, () => startRole("worker", env))];
  const origin = `http://127.0.0.1:${port}`;
  const up = await waitFor(async () => (await fetch(`${origin}/readyz`)).ok, { timeoutMs: 30_000, intervalMs: 200 });
  if (!up) throw new Error("Herald's API did not become ready within 30 s");
  const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    origin,
    adminKey,
    prefix,
    databaseUrl,
    async successCount() {
      const res = await db.query<{ n: string }>("SELECT count(*) AS n FROM deliveries WHERE status = 'success'");
      return Number(res.rows[0]?.n ?? 0);
    },
    async stop() {
      for (const child of children) child.kill("SIGTERM");
      const exited = Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once("exit", r)))));
      // Graceful shutdown finishes in-flight work; past 10 s, stop waiting.
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000).unref())]);
      for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
      await db.end();
    },
  };
}
