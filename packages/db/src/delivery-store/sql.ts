import { type CompiledQuery, DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from "kysely";
import { poolOf, type Db } from "../client.ts";
import type { Prisma } from "../generated/client.ts";
import type { DB } from "../generated/kysely/types.ts";

/**
 * Kysely as a typed query builder only (no driver of its own): the store
 * compiles each statement against the table types generated from
 * schema.prisma and runs it on the client's own pg pool, or inside a Prisma
 * transaction, so a state change can commit atomically with its audit entry.
 */
export const qb = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** Where a statement runs: a client made by createDb (its pg pool), or a Prisma transaction. */
export type SqlTarget = Db | Prisma.TransactionClient;

/**
 * Runs a compiled statement and returns its rows. On the pool a `name` makes
 * it a prepared statement (parsed and planned once per connection), for the
 * statements that run per attempt; its text must then never vary.
 */
export async function runRows<R>(target: SqlTarget, query: CompiledQuery<R>, name?: string): Promise<R[]> {
  const pool = poolOf(target);
  if (pool) return (await pool.query<R & object>({ name, text: query.sql, values: [...query.parameters] })).rows;
  return target.$queryRawUnsafe<R[]>(query.sql, ...query.parameters);
}

/** Runs a compiled statement and returns how many rows it changed. */
export async function runCount(target: SqlTarget, query: CompiledQuery): Promise<number> {
  const pool = poolOf(target);
  if (pool) return (await pool.query({ text: query.sql, values: [...query.parameters] })).rowCount ?? 0;
  return target.$executeRawUnsafe(query.sql, ...query.parameters);
}
