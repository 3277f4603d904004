import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;

export interface CreateDbOptions {
  url: string;
  /** Pool size per process; the API and each worker hold their own pool. */
  poolSize?: number;
}

export function createDb({ url, poolSize = 10 }: CreateDbOptions): Db {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // When Postgres restarts, pg emits 'error' on each client it drops. A client
  // that is checked out, or gets a second error after its query's one-shot
  // listener, has no listener at that moment and the process would crash.
  // The failing query still rejects (and becomes a 503 or a job retry), and
  // pg discards the broken client, so the event itself carries nothing to act on.
  pool.on("connect", (client) => client.on("error", () => undefined));
  pool.on("error", () => undefined);
  return new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
}
