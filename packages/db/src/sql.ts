import {
  type Compilable,
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from "kysely";
import { poolOf, type Db } from "./client.ts";
import type { Prisma } from "./generated/client.ts";
import type { DB } from "./generated/kysely/types.ts";

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
export function runRows<R>(target: SqlTarget, query: CompiledQuery<R>, name?: string): Promise<R[]> {
  return runText<R>(target, { text: query.sql, values: query.parameters, name });
}

/** runRows for a statement written as SQL text (one whose CTEs read better as SQL than through the builder). */
export async function runText<R>(
  target: SqlTarget,
  { text, values, name }: { text: string; values: readonly unknown[]; name?: string },
): Promise<R[]> {
  const pool = poolOf(target);
  if (pool) return (await pool.query<R & object>({ name, text, values: [...values] })).rows;
  return target.$queryRawUnsafe<R[]>(text, ...values);
}

/** Runs a compiled statement and returns how many rows it changed. */
export async function runCount(target: SqlTarget, query: CompiledQuery): Promise<number> {
  const pool = poolOf(target);
  if (pool) return (await pool.query({ text: query.sql, values: [...query.parameters] })).rowCount ?? 0;
  return target.$executeRawUnsafe(query.sql, ...query.parameters);
}

/**
 * A statement compiled once, for the per-attempt hot path: `build` runs at
 * start-up with a marker for each named parameter, and each call only puts
 * its values in the markers' places (building and compiling with Kysely per
 * call cost ~0.2 ms of CPU, more than the pg round trip's own). Its text must
 * not depend on the values (pass lists as one array parameter), and it runs
 * as a named prepared statement on the pool.
 */
export function prepared<P extends object, R>({
  name,
  params,
  build,
}: {
  name: string;
  params: ReadonlyArray<keyof P & string>;
  build: (p: P) => Compilable<R>;
}) {
  const markers: Record<string, unknown> = Object.fromEntries(params.map((key) => [key, { marker: key }]));
  const compiled = build(markers as unknown as P).compile();
  // Each compiled parameter is one of our markers, or a constant Kysely parameterised (a literal status, say).
  const slots = compiled.parameters.map((value): { key: keyof P & string } | { constant: unknown } => {
    const key = params.find((k) => markers[k] === value);
    return key === undefined ? { constant: value } : { key };
  });
  const missing = params.filter((k) => !slots.some((s) => "key" in s && s.key === k));
  if (missing.length) throw new Error(`prepared statement ${name} does not use ${missing.join(", ")}`);
  return (target: SqlTarget, values: P): Promise<R[]> =>
    runRows(target, { ...compiled, parameters: slots.map((s) => ("key" in s ? values[s.key] : s.constant)) }, name);
}
