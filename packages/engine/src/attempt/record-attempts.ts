import { sql } from "kysely";
import type { Db } from "@herald/db";
import type { DeliveryStatus } from "@herald/db";
import { uuidv7 } from "@herald/db";
import { prepared, qb } from "@herald/db";

/** What the attempt decided for the delivery. */
export type Outcome = { status: "success" } | { status: "pending"; retryAt: Date } | { status: "failed" };

/** What the receiver did (the worker's SendResult has these fields). */
export interface AttemptResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  responseHeaders: Record<string, unknown> | null;
}

export interface AttemptRecord {
  deliveryId: string;
  /** 1-based; the delivery had `attemptNumber - 1` attempts before this one. */
  attemptNumber: number;
  result: AttemptResult;
  outcome: Outcome;
  at: Date;
}

/** The attempts as columns (one array per column), the shape `unnest` takes. */
interface AttemptColumns {
  attemptId: string[];
  deliveryId: string[];
  attemptNumber: number[];
  status: DeliveryStatus[];
  at: Date[];
  statusCode: Array<number | null>;
  durationMs: number[];
  error: Array<string | null>;
  responseBody: Array<string | null>;
  responseHeaders: Array<string | null>;
  nextAttemptAt: Array<Date | null>;
}

interface AttemptRow {
  attempt_id: string;
  delivery_id: string;
  attempt_number: number;
  status: DeliveryStatus;
  at: Date;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response_body: string | null;
  response_headers: string | null;
  next_attempt_at: Date | null;
}

const attemptsOf = (c: AttemptColumns) =>
  sql<AttemptRow>`unnest(${c.attemptId}::uuid[], ${c.deliveryId}::uuid[], ${c.attemptNumber}::int[], ${c.status}::"DeliveryStatus"[], ${c.at}::timestamptz[],
    ${c.statusCode}::int[], ${c.durationMs}::int[], ${c.error}::text[], ${c.responseBody}::text[],
    ${c.responseHeaders}::text[], ${c.nextAttemptAt}::timestamptz[])`.as<"a">(
    sql`a(attempt_id, delivery_id, attempt_number, status, at, status_code, duration_ms, error, response_body, response_headers, next_attempt_at)`,
  );

// Every attempt row is inserted; each delivery takes its attempt's outcome only
// while still pending at the count that attempt started from, so an attempt
// that raced a cancellation or a manual retry is kept without overwriting their
// state. Answers the attempts whose delivery took the outcome.
const recordQuery = ({ c, now }: { c: AttemptColumns; now: Date }) =>
  qb
    .with("a", (db) => db.selectFrom(attemptsOf(c)).selectAll())
    .with("upd", (db) =>
      db
        .updateTable("deliveries as d")
        .from("a")
        .set((eb) => ({
          status: eb.ref("a.status"),
          attempt_count: eb.ref("a.attempt_number"),
          last_attempt_at: eb.ref("a.at"),
          last_status_code: eb.ref("a.status_code"),
          last_error: eb.ref("a.error"),
          next_attempt_at: eb.ref("a.next_attempt_at"),
          completed_at: sql<Date | null>`case when a.status = 'pending' then null else ${now}::timestamptz end`,
          updated_at: now,
        }))
        .whereRef("d.id", "=", "a.delivery_id")
        .where("d.status", "=", "pending")
        .where("d.attempt_count", "=", sql<number>`a.attempt_number - 1`)
        .returning("a.attempt_id"),
    )
    .with("ins", (db) =>
      db
        .insertInto("delivery_attempts")
        .columns([
          "id",
          "delivery_id",
          "attempt_number",
          "status_code",
          "duration_ms",
          "error",
          "response_body",
          "response_headers",
          "created_at",
        ])
        .expression(
          db
            .selectFrom("a")
            .select([
              "a.attempt_id",
              "a.delivery_id",
              "a.attempt_number",
              "a.status_code",
              "a.duration_ms",
              "a.error",
              "a.response_body",
              sql<unknown>`a.response_headers::jsonb`.as("response_headers"),
              "a.at",
            ])
            // A delivery deleted meanwhile (retention purge) has nothing to attach its attempt to; one such row must not fail its batch mates.
            .where((eb) =>
              eb.exists(
                eb.selectFrom("deliveries").select("deliveries.id").whereRef("deliveries.id", "=", "a.delivery_id"),
              ),
            ),
        )
        .returning("delivery_attempts.id"),
    )
    .selectFrom("upd")
    .select("upd.attempt_id");

// Each column array is its own parameter, so the marker object needs one per column.
const record = prepared({
  name: "herald_record_attempts",
  params: [
    "attemptId",
    "deliveryId",
    "attemptNumber",
    "status",
    "at",
    "statusCode",
    "durationMs",
    "error",
    "responseBody",
    "responseHeaders",
    "nextAttemptAt",
    "now",
  ],
  build: (p: AttemptColumns & { now: Date }) => recordQuery({ c: p, now: p.now }),
});

function columnsOf(records: readonly AttemptRecord[]): AttemptColumns {
  const c: AttemptColumns = {
    attemptId: [],
    deliveryId: [],
    attemptNumber: [],
    status: [],
    at: [],
    statusCode: [],
    durationMs: [],
    error: [],
    responseBody: [],
    responseHeaders: [],
    nextAttemptAt: [],
  };
  for (const { deliveryId, attemptNumber, result, outcome, at } of records) {
    c.attemptId.push(uuidv7(at.getTime()));
    c.deliveryId.push(deliveryId);
    c.attemptNumber.push(attemptNumber);
    c.status.push(outcome.status);
    c.at.push(at);
    c.statusCode.push(result.statusCode);
    c.durationMs.push(Math.round(result.durationMs));
    c.error.push(result.error);
    c.responseBody.push(result.responseBody);
    c.responseHeaders.push(result.responseHeaders ? JSON.stringify(result.responseHeaders) : null);
    c.nextAttemptAt.push(outcome.status === "pending" ? outcome.retryAt : null);
  }
  return c;
}

/** Why a record cannot go into a statement; checked per record, so it fails only its own caller. */
export function invalidRecord({ deliveryId, attemptNumber, result }: AttemptRecord): Error | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(deliveryId))
    return new TypeError(`not a delivery id: ${deliveryId}`);
  if (!Number.isInteger(attemptNumber) || attemptNumber < 1)
    return new TypeError(`not an attempt number: ${attemptNumber}`);
  if (!Number.isFinite(result.durationMs)) return new TypeError(`not a duration: ${result.durationMs}`);
  return undefined;
}

/**
 * Records many attempts in one statement (one round trip, one transaction:
 * all of it is written or none). Returns, per record, whether its delivery
 * took the outcome.
 */
export async function recordAttempts(db: Db, records: readonly AttemptRecord[]): Promise<boolean[]> {
  const columns = columnsOf(records);
  const rows = await record(db, { ...columns, now: new Date() });
  const applied = new Set(rows.map((r) => r.attempt_id));
  return columns.attemptId.map((id) => applied.has(id));
}
