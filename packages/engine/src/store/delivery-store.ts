import {
  createBatcher,
  type Db,
  type DeliveryModel,
  type DeliveryStatus,
  type EventModel,
  type Prisma,
  prepared,
  qb,
  uuidv7,
  type WebhookModel,
} from "@herald/db";
import { sql } from "kysely";
import { cancelPending } from "./cancel.ts";
import { restartDeliveries } from "./restart.ts";

// The attempt's store: loading a delivery with its event and webhook, and
// recording an attempt with the delivery's new state, each one statement per
// batch of concurrent jobs (createDeliveryStore, at the end of this file).

export type LoadedDelivery = DeliveryModel & { event: EventModel; webhook: WebhookModel };

/** The row in the shape of the Prisma models, which the sender and the endpoint policy take. */
function toLoadedDelivery(r: LoadedRow): LoadedDelivery {
  return {
    id: r.id,
    eventId: r.event_id,
    webhookId: r.webhook_id,
    tenantId: r.tenant_id,
    status: r.status,
    attemptCount: r.attempt_count,
    attemptsAtRestart: r.attempts_at_restart,
    nextAttemptAt: r.next_attempt_at,
    lastAttemptAt: r.last_attempt_at,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    completedAt: r.completed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    seq: r.seq === null ? null : BigInt(r.seq),
    event: {
      id: r.event_id,
      clientId: r.e_client_id,
      tenantId: r.e_tenant_id,
      type: r.e_type,
      data: r.e_data as Prisma.JsonValue,
      idempotencyKey: r.e_idempotency_key,
      createdAt: r.e_created_at,
    },
    webhook: {
      id: r.webhook_id,
      tenantId: r.w_tenant_id,
      url: r.w_url,
      description: r.w_description,
      events: r.w_events,
      secretEncrypted: r.w_secret_encrypted,
      previousSecretEncrypted: r.w_previous_secret_encrypted,
      previousSecretExpiresAt: r.w_previous_secret_expires_at,
      enabled: r.w_enabled,
      disabledReason: r.w_disabled_reason,
      disabledAt: r.w_disabled_at,
      sealedHeaders: r.w_sealed_headers as Prisma.JsonValue | null,
      unsealedHeaders: r.w_unsealed_headers as Prisma.JsonValue | null,
      rateLimit: r.w_rate_limit,
      notificationEmail: r.w_notification_email,
      filter: r.w_filter as Prisma.JsonValue | null,
      failingSince: r.w_failing_since,
      createdAt: r.w_created_at,
      updatedAt: r.w_updated_at,
      deletedAt: r.w_deleted_at,
      signatureScheme: r.w_signature_scheme,
      signingKeyEncrypted: r.w_signing_key_encrypted,
      publicKey: r.w_public_key,
      previousSigningKeyEncrypted: r.w_previous_signing_key_encrypted,
      previousSigningKeyExpiresAt: r.w_previous_signing_key_expires_at,
      maxInFlight: r.w_max_in_flight,
      ordering: r.w_ordering,
      fifoOnFailure: r.w_fifo_on_failure,
    },
  };
}

// Every column of the delivery, its event and its webhook; the event's and
// the webhook's under a prefix (their ids are the delivery's foreign keys).
const loadQuery = ({ ids }: { ids: readonly string[] }) =>
  qb
    .selectFrom("deliveries as d")
    .innerJoin("events as e", "e.id", "d.event_id")
    .innerJoin("webhooks as w", "w.id", "d.webhook_id")
    .select([
      "d.id",
      "d.event_id",
      "d.webhook_id",
      "d.tenant_id",
      "d.status",
      "d.attempt_count",
      "d.attempts_at_restart",
      "d.next_attempt_at",
      "d.last_attempt_at",
      "d.last_status_code",
      "d.last_error",
      "d.completed_at",
      "d.created_at",
      "d.updated_at",
      "d.seq",
      "e.client_id as e_client_id",
      "e.tenant_id as e_tenant_id",
      "e.type as e_type",
      "e.data as e_data",
      "e.idempotency_key as e_idempotency_key",
      "e.created_at as e_created_at",
      "w.tenant_id as w_tenant_id",
      "w.url as w_url",
      "w.description as w_description",
      "w.events as w_events",
      "w.secret_encrypted as w_secret_encrypted",
      "w.previous_secret_encrypted as w_previous_secret_encrypted",
      "w.previous_secret_expires_at as w_previous_secret_expires_at",
      "w.enabled as w_enabled",
      "w.disabled_reason as w_disabled_reason",
      "w.disabled_at as w_disabled_at",
      "w.sealed_headers as w_sealed_headers",
      "w.unsealed_headers as w_unsealed_headers",
      "w.rate_limit as w_rate_limit",
      "w.notification_email as w_notification_email",
      "w.filter as w_filter",
      "w.failing_since as w_failing_since",
      "w.created_at as w_created_at",
      "w.updated_at as w_updated_at",
      "w.deleted_at as w_deleted_at",
      "w.max_in_flight as w_max_in_flight",
      "w.ordering as w_ordering",
      "w.fifo_on_failure as w_fifo_on_failure",
      "w.signature_scheme as w_signature_scheme",
      "w.signing_key_encrypted as w_signing_key_encrypted",
      "w.public_key as w_public_key",
      "w.previous_signing_key_encrypted as w_previous_signing_key_encrypted",
      "w.previous_signing_key_expires_at as w_previous_signing_key_expires_at",
    ])
    .where("d.id", "=", sql<string>`any(${ids}::uuid[])`);

const load = prepared({ name: "herald_load_deliveries", params: ["ids"], build: loadQuery });

/** One row of the statement, typed by Kysely from the generated table types. */
type LoadedRow = Awaited<ReturnType<typeof load>>[number];

/**
 * Deliveries with what sending them needs (event, webhook), in the order of
 * `ids` (null where there is none). One statement for any number of ids: the
 * worker's load runs per attempt, so concurrent jobs share it (see createDeliveryStore).
 */
export async function loadDeliveries(db: Db, ids: readonly string[]): Promise<Array<LoadedDelivery | null>> {
  const rows = await load(db, { ids });
  const byId = new Map(rows.map((row) => [row.id, toLoadedDelivery(row)]));
  return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
}

/** What the attempt decided for the delivery. */
export type Outcome = { status: "success" } | { status: "pending"; retryAt: Date } | { status: "failed" };

/** What the receiver did (the worker's SendResult has these fields). */
export interface AttemptResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  responseBody: string | null;
  responseHeaders: Record<string, unknown> | null;
  /** The request as sent (custom header values already masked); null or absent when none was made. */
  request?: { url: string; headers: Record<string, string> } | null;
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
  requestUrl: Array<string | null>;
  requestHeaders: Array<string | null>;
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
  request_url: string | null;
  request_headers: string | null;
  next_attempt_at: Date | null;
}

const attemptsOf = (c: AttemptColumns) =>
  sql<AttemptRow>`unnest(${c.attemptId}::uuid[], ${c.deliveryId}::uuid[], ${c.attemptNumber}::int[], ${c.status}::"DeliveryStatus"[], ${c.at}::timestamptz[],
    ${c.statusCode}::int[], ${c.durationMs}::int[], ${c.error}::text[], ${c.responseBody}::text[],
    ${c.responseHeaders}::text[], ${c.requestUrl}::text[], ${c.requestHeaders}::text[], ${c.nextAttemptAt}::timestamptz[])`.as<"a">(
    sql`a(attempt_id, delivery_id, attempt_number, status, at, status_code, duration_ms, error, response_body, response_headers,
      request_url, request_headers, next_attempt_at)`,
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
          "request_url",
          "request_headers",
          "dead_lettered",
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
              "a.request_url",
              sql<unknown>`a.request_headers::jsonb`.as("request_headers"),
              // It dead-lettered its delivery: it failed the last try the schedule allowed, and the delivery took that outcome.
              sql<boolean>`a.status = 'failed' AND a.attempt_id IN (SELECT attempt_id FROM upd)`.as("dead_lettered"),
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
    "requestUrl",
    "requestHeaders",
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
    requestUrl: [],
    requestHeaders: [],
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
    c.requestUrl.push(result.request?.url ?? null);
    c.requestHeaders.push(result.request ? JSON.stringify(result.request.headers) : null);
    c.nextAttemptAt.push(outcome.status === "pending" ? outcome.retryAt : null);
  }
  return c;
}

/** Why a record cannot go into a statement; checked per record, so it fails only its own caller. */
function invalidRecord({ deliveryId, attemptNumber, result }: AttemptRecord): Error | undefined {
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

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalidId = (id: string) => (uuid.test(id) ? undefined : new TypeError(`not a delivery id: ${id}`));

export interface DeliveryStoreOptions {
  db: Db;
  /** Most loads (or attempt records) per statement. */
  maxBatch?: number;
  /**
   * Load (or record) statements under way at once (default: no limit).
   * Measured with the bench, a limit of 2 made the worker slower (e2e 1,456
   * against 1,638 deliveries/s, publish→receive p50 41 against 15 ms at
   * 300/s): a job waiting for a slot costs more than the statement it saves.
   */
  maxInFlight?: number;
}

/**
 * The worker's view of the delivery store. Loads and attempt records run per
 * attempt, so the calls of concurrently running jobs made in the same
 * event-loop turn share one statement each (createBatcher); the rarer
 * changes go straight to their statement.
 */
export function createDeliveryStore({ db, maxBatch = 100, maxInFlight = Infinity }: DeliveryStoreOptions) {
  const loads = createBatcher<string, LoadedDelivery | null>({
    run: (ids) => loadDeliveries(db, ids),
    keyOf: (id) => id.toLowerCase(),
    validate: invalidId,
    maxBatch,
    maxInFlight,
  });
  const records = createBatcher<AttemptRecord, boolean>({
    run: (batch) => recordAttempts(db, batch),
    validate: invalidRecord,
    maxBatch,
    maxInFlight,
  });
  return {
    /** The delivery with its event and webhook, or null when there is none. */
    load: (id: string) => loads.load(id),
    /** Records the attempt; true when the delivery took its outcome (false: superseded). */
    recordAttempt: (record: AttemptRecord) => records.load(record),
    /**
     * A job for a `failed` delivery runs only when someone retried the failed
     * job from the dashboard (the API's retries restart the row themselves):
     * a manual retry, with a fresh schedule. (The one other way is a worker
     * dying between marking the delivery failed and failing its job; the
     * resend that follows is within at-least-once.) True when this call restarted it.
     */
    reviveFailed: async (id: string) => (await restartDeliveries(db, { ids: [id], from: ["failed"] })) === 1,
    /** Cancels the delivery if it is still pending (its webhook was deleted). */
    cancel: async (id: string) => {
      await cancelPending(db, { deliveryIds: [id] });
    },
    /** Runs what is being batched and waits for it; later calls are refused. */
    async close(): Promise<void> {
      await Promise.all([loads.close(), records.close()]);
    },
  };
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
