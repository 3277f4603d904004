import { ensurePartitions } from "@herald/db";
import pg from "pg";

/**
 * A realistic history, written straight into the bench database with
 * generate_series: `events` events over the last `days` days (up to a minute
 * ago), spread evenly, each fanned out to two webhooks of its tenant, so
 * 2 x events deliveries, and their attempts. Deliveries are settled (95%
 * success, a twentieth of those on a second attempt; 3% dead-lettered after 4
 * attempts; 2% cancelled before any), so none is pending and no worker ever
 * picks one up. Ids are UUIDv7 of their instant, so every row lands in its
 * day's partition (created first, as Herald's own scheduler does). One
 * audit entry per 100 deliveries, too. Every index is in place while it loads.
 */
export interface HistorySize {
  events: number;
  deliveries: number;
  attempts: number;
  audit_logs: number;
  days: number;
}

const DAY_MS = 86_400_000;
// Events per statement: a statement writes them, their deliveries and attempts (about 4.2 rows per event).
const CHUNK = 20_000;
const TYPES = [
  "order.created",
  "order.paid",
  "order.shipped",
  "order.refunded",
  "invoice.created",
  "invoice.paid",
  "customer.created",
  "customer.updated",
  "subscription.renewed",
  "subscription.cancelled",
];
/** A type of one event in a thousand: filtering by it reads far down the newest-first index. */
export const RARE_TYPE = "hist.rare";
/** A type of one event in ten. */
export const COMMON_TYPE = `hist.${TYPES[1]}`;
const ACTIONS = ["webhook.updated", "webhook.created", "delivery.retried", "api_key.created", "webhook.secret_rotated"];

// The smallest UUIDv7 with `ms`'s timestamp, its random bits from a hash of `seed`: repeatable, and in ms's partition.
const UUIDV7 = `CREATE FUNCTION pg_temp.bench_uuidv7(ms bigint, seed text) RETURNS uuid LANGUAGE sql IMMUTABLE AS $$
  SELECT (lpad(to_hex(ms), 12, '0') || '7' || substr(md5(seed), 1, 3) || '8' || substr(md5(seed), 4, 15))::uuid
$$`;

// $1, $2: the chunk's events [from, to); $3: the first event's Unix ms; $4: ms between events;
// $5: tenant ids; $6: webhook ids, $7 per tenant in tenant order; $8: event types.
const CHUNK_SQL = `
WITH ev AS (
  SELECT e, $3::bigint + floor(e * $4::float8)::bigint AS ms, e % cardinality($5::uuid[]) AS t
  FROM generate_series($1::int, $2::int - 1) AS e
), new_keys AS (
  INSERT INTO event_keys (event_id, public_id, tenant_id, created_at)
  SELECT pg_temp.bench_uuidv7(ms, 'e' || e)::text, pg_temp.bench_uuidv7(ms, 'e' || e)::text, ($5::uuid[])[t + 1],
    to_timestamp(ms / 1000.0)
  FROM ev
), new_events AS (
  INSERT INTO events (id, tenant_id, type, data, created_at)
  SELECT pg_temp.bench_uuidv7(ms, 'e' || e)::text, ($5::uuid[])[t + 1],
    CASE WHEN e % 1000 = 7 THEN '${RARE_TYPE}' ELSE 'hist.' || ($8::text[])[1 + e % 10] END,
    jsonb_build_object('order_id', e, 'amount_cents', e % 100000, 'currency', 'EUR', 'lines', e % 7 + 1),
    to_timestamp(ms / 1000.0)
  FROM ev
), dl AS (
  SELECT ev.*, 2 * e + k AS d, pg_temp.bench_uuidv7(ms, 'd' || (2 * e + k)) AS id,
    ($6::uuid[])[t * $7::int + (e / cardinality($5::uuid[]) + k) % $7::int + 1] AS webhook_id,
    CASE WHEN (2 * e + k) % 100 < 95 THEN 'success' WHEN (2 * e + k) % 100 < 98 THEN 'failed' ELSE 'cancelled' END AS status
  FROM ev CROSS JOIN generate_series(0, 1) AS k
), dla AS (
  SELECT dl.*, CASE status WHEN 'success' THEN 1 + (d % 20 = 3)::int WHEN 'failed' THEN 4 ELSE 0 END AS tries FROM dl
), at AS (
  SELECT dla.id AS delivery_id, dla.d, dla.status, dla.tries, a,
    dla.ms + (ARRAY[20, 30000, 300000, 1800000])[a] + (dla.d % 50) AS at_ms
  FROM dla CROSS JOIN LATERAL generate_series(1, dla.tries) AS a
), new_deliveries AS (
  INSERT INTO deliveries (id, event_id, webhook_id, tenant_id, status, attempt_count, last_attempt_at, last_status_code,
    last_error, completed_at, created_at, updated_at)
  SELECT id, pg_temp.bench_uuidv7(ms, 'e' || e)::text, webhook_id, ($5::uuid[])[t + 1], status::"DeliveryStatus", tries,
    CASE WHEN tries > 0 THEN to_timestamp((ms + (ARRAY[20, 30000, 300000, 1800000])[tries]) / 1000.0) END,
    CASE status WHEN 'success' THEN 200 WHEN 'failed' THEN 500 END,
    CASE WHEN status = 'failed' THEN 'HTTP 500' END,
    to_timestamp((ms + CASE WHEN tries > 0 THEN (ARRAY[20, 30000, 300000, 1800000])[tries] + 100 ELSE 3600000 END) / 1000.0),
    to_timestamp(ms / 1000.0),
    to_timestamp((ms + CASE WHEN tries > 0 THEN (ARRAY[20, 30000, 300000, 1800000])[tries] + 100 ELSE 3600000 END) / 1000.0)
  FROM dla
)
INSERT INTO delivery_attempts (id, delivery_id, attempt_number, status_code, duration_ms, error, response_body, dead_lettered, created_at)
SELECT pg_temp.bench_uuidv7(at_ms, 'a' || d || '.' || a), delivery_id, a,
  CASE WHEN status = 'success' AND a = tries THEN 200 ELSE 500 END, 20 + (d * 7 + a) % 400,
  CASE WHEN status = 'success' AND a = tries THEN NULL ELSE 'HTTP 500' END,
  CASE WHEN status = 'success' AND a = tries THEN 'ok' ELSE 'upstream error' END,
  status = 'failed' AND a = tries,
  to_timestamp(at_ms / 1000.0)
FROM at`;

// $1: how many; $2: the first entry's Unix ms; $3: ms between entries; $4: tenant ids; $5: webhook ids; $6: actions.
const AUDIT_SQL = `
INSERT INTO audit_logs (id, tenant_id, actor_id, action, resource_type, resource_id, changes, created_at)
SELECT pg_temp.bench_uuidv7(ms, 'l' || i), ($4::uuid[])[1 + i % cardinality($4::uuid[])], CASE WHEN i % 3 = 0 THEN 'admin' ELSE 'key:bench' END,
  ($6::text[])[1 + i % cardinality($6::text[])], split_part(($6::text[])[1 + i % cardinality($6::text[])], '.', 1),
  ($5::uuid[])[1 + i % cardinality($5::uuid[])]::text, jsonb_build_object('description', 'history ' || i), to_timestamp(ms / 1000.0)
FROM (SELECT i, $2::bigint + floor(i * $3::float8)::bigint AS ms FROM generate_series(0, $1::int - 1) AS i) AS s`;

export async function loadHistory({
  databaseUrl,
  deliveries,
  days,
  tenantIds,
  webhookIds,
  progress,
}: {
  databaseUrl: string;
  deliveries: number;
  days: number;
  tenantIds: string[];
  /** `webhookIds.length / tenantIds.length` per tenant, in tenant order. */
  webhookIds: string[];
  progress: (line: string) => void;
}): Promise<HistorySize> {
  const events = Math.ceil(deliveries / 2);
  const firstMs = Date.now() - days * DAY_MS;
  const stepMs = (days * DAY_MS - 60_000) / events;
  const perTenant = webhookIds.length / tenantIds.length;
  const partitions = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await ensurePartitions(partitions, { now: new Date(firstMs), aheadDays: days + 1 });
  await partitions.end();
  const client = new pg.Client({ connectionString: databaseUrl, application_name: "herald-bench-probe" });
  await client.connect();
  try {
    await client.query("SET synchronous_commit = off");
    // This session only (the API and workers keep theirs): no per-row triggers, so no foreign-key checks
    // and no event_keys claim, as pg_restore --disable-triggers loads. The statement writes the claims
    // itself, and every id it references is one it writes.
    await client.query("SET session_replication_role = replica");
    await client.query(UUIDV7);
    let attempts = 0;
    for (let from = 0; from < events; from += CHUNK) {
      const to = Math.min(events, from + CHUNK);
      const chunk = await client.query(CHUNK_SQL, [from, to, firstMs, stepMs, tenantIds, webhookIds, perTenant, TYPES]);
      attempts += chunk.rowCount ?? 0;
      progress(`  history: ${to}/${events} events with their deliveries and attempts`);
    }
    const auditLogs = Math.ceil(deliveries / 100);
    await client.query(AUDIT_SQL, [auditLogs, firstMs, (days * DAY_MS) / auditLogs, tenantIds, webhookIds, ACTIONS]);
    progress("  history: ANALYZE");
    await client.query("ANALYZE events, event_keys, deliveries, delivery_attempts, audit_logs");
    return { events, deliveries: events * 2, attempts, audit_logs: auditLogs, days };
  } finally {
    await client.end();
  }
}
