import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;

export interface CreateDbOptions {
  url: string;
  /** Pool size per process; the API and each worker hold their own pool. */
  poolSize?: number;
  /** Postgres's statement_timeout and lock_timeout for every statement on the pool (maintenance raises its own with SET LOCAL). */
  statementTimeoutMs?: number;
  lockTimeoutMs?: number;
}

const pools = new WeakMap<Db, pg.Pool>();

/**
 * The pg pool under a client made by createDb. The hottest statements (the
 * publish insert, the worker's load and record) use it directly: the Prisma
 * client's per-query overhead was most of their CPU (~0.8 ms against ~0.13 ms
 * per query, measured in the same process).
 */
export function sqlPool(db: Db): pg.Pool {
  const pool = poolOf(db);
  if (!pool) throw new Error("sqlPool needs a client made by createDb");
  return pool;
}

/** The pg pool under a client made by createDb; undefined for anything else (a transaction client). */
export function poolOf(client: object): pg.Pool | undefined {
  return pools.get(client as Db);
}

export function createDb({ url, poolSize = 10, statementTimeoutMs, lockTimeoutMs }: CreateDbOptions): Db {
  // Sent as session settings when each connection opens: no round trip per statement.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    ...(statementTimeoutMs ? { statement_timeout: statementTimeoutMs } : {}),
    ...(lockTimeoutMs ? { lock_timeout: lockTimeoutMs } : {}),
  });
  // When Postgres restarts, pg emits 'error' on each client it drops. A client
  // that is checked out, or gets a second error after its query's one-shot
  // listener, has no listener at that moment and the process would crash.
  // The failing query still rejects (and becomes a 503 or a job retry), and
  // pg discards the broken client, so the event itself carries nothing to act on.
  pool.on("connect", (client) => client.on("error", () => undefined));
  pool.on("error", () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}
