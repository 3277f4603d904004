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

/**
 * The naive ingest app (naive-app.ts) as its own process, like Herald's API,
 * on its own database `<bench db>_naive` with Herald's real tables (the same
 * migrations) and one global webhook subscribed to `eventType`, so each event
 * inserts one delivery row as Herald's ingest phase does.
 */
export async function startNaive({ eventType }: { eventType: string }): Promise<NaiveStack> {
  const name = `${benchDb}_naive`;
  await dropDatabase(name);
  const databaseUrl = urlOf(name);
  await migrate(databaseUrl);
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await db.query(
    "INSERT INTO webhooks (id, url, events, secret_encrypted, updated_at) VALUES (gen_random_uuid(), 'http://127.0.0.1:9/naive', $1, 'unused', now())",
    [[eventType]],
  );
  const port = await freePort();
  // The same pool size as Herald's API (DATABASE_POOL_SIZE's default).
  const child = startBenchScript({
    name: "naive",
    script: "naive-app.ts",
    env: { DATABASE_URL: databaseUrl, DATABASE_POOL_SIZE: "10", PORT: String(port), NODE_ENV: "production" },
  });
  const origin = `http://127.0.0.1:${port}`;
  const up = await eventually(async () => (await fetch(`${origin}/readyz`)).ok, {
    timeoutMs: 30_000,
    intervalMs: 200,
  }).catch(() => false);
  if (!up) {
    await stopProcesses([child], 1_000);
    await db.end();
    throw new Error("the naive ingest app did not become ready within 30 s");
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
      await stopProcesses([child], 5_000);
      await db.end();
    },
  };
}
