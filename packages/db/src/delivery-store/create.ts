import { uuidv7 } from "../uuidv7.ts";
import { runText, type SqlTarget } from "./sql.ts";

/** One event to store, with the patterns a webhook must hold one of to receive it. */
export interface NewEvent {
  /** Herald's own id, unique across tenants (deliveries reference it): a fresh UUIDv7. */
  id: string;
  /** The id the client gave: unique within its tenant (or among global events), and shown instead of `id`. */
  clientId?: string | null;
  tenantId: string | null;
  type: string;
  /** The event's data as JSON text (serialised once, by the caller). */
  data: string;
  /** `<tenant or global>:<key>`, or null. */
  idempotencyKey: string | null;
  /** Every subscription pattern that matches `type` (`*`, `invoice.*`, `invoice.updated`). */
  patterns: readonly string[];
  /** A webhook that must not receive it (an operational event's own endpoint). */
  excludeWebhookId?: string | null;
  /** Stored only when some webhook receives it (an operational event); a publish is always stored. */
  onlyIfSubscribed?: boolean;
}

/** What happened to one event of a batch. */
export type CreateOutcome =
  /** `webhookIds[i]` is the webhook of `deliveryIds[i]` (it picks the job's queue partition). */
  | { kind: "created"; deliveryIds: string[]; webhookIds: string[] }
  /** Its id (the client's, in its tenant) or idempotency key is taken: an earlier publish, to be looked up. */
  | { kind: "conflict" }
  /** Its tenant does not exist (or was deleted). */
  | { kind: "no_tenant" }
  /** Not stored: `onlyIfSubscribed` and no webhook receives it. */
  | { kind: "unsubscribed" };

// A UUIDv7 made in SQL (48-bit Unix ms of the batch, then random bits with the
// version set to 7), the shape of uuidv7() in this package: Postgres 15 has
// no built-in, and a delivery's id must exist before anything reads it back.
const UUIDV7 = `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(floor(extract(epoch from $8::timestamptz) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;

// Which webhooks receive event l: enabled, live, subscribed to one of its
// patterns, global or of its tenant, not the one it is about, and without a
// payload filter or with one its envelope matches. The envelope is built
// (and the data parsed) only for a webhook that has a filter, so the
// unfiltered path costs what it did; the functions are the migration
// payload_filters', shared with the filter test endpoint (matchesFilter).
const SUBSCRIBED = `w.enabled AND w.deleted_at IS NULL AND w.events && string_to_array(l.patterns, ' ')
    AND (w.tenant_id IS NULL OR w.tenant_id = l.tenant_id) AND w.id IS DISTINCT FROM l.exclude_webhook_id
    AND (w.filter IS NULL OR herald_filter_matches(w.filter, herald_filter_envelope(l.id, l.type, $8::timestamptz, l.tenant_id, l.data::jsonb)))`;

// The transactional outbox for a whole batch of publishes, in ONE statement
// (so one round trip and its own transaction): every event whose tenant is
// live (and, if it is only wanted when subscribed, that some webhook
// receives) claims its ids and idempotency key in event_keys (the uniqueness
// the partitioned events table cannot enforce): its own id (event_id), and
// within its tenant the id users see (l.id, the envelope's: the client's,
// else its own), with ON CONFLICT DO NOTHING so a taken id or key skips that
// event only; the claimed events are stored, and one pending delivery per
// enabled, live webhook whose patterns overlap the event's and whose filter
// (if any) it matches (the subscription is read in the same snapshot, so a
// webhook created before the batch began is always matched). Patterns travel
// space-joined: event types and patterns hold no spaces.
const CREATE_SQL = `
WITH input AS (
  SELECT t.*, coalesce(t.client_id, t.event_id) AS id
  FROM unnest($1::int[], $2::text[], $11::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $9::uuid[], $10::boolean[])
    AS t(idx, event_id, client_id, tenant_id, type, data, idempotency_key, patterns, exclude_webhook_id, only_if_subscribed)
), live AS (
  SELECT i.* FROM input i
  WHERE i.tenant_id IS NULL OR EXISTS (SELECT 1 FROM tenants t WHERE t.id = i.tenant_id AND t.deleted_at IS NULL)
), wanted AS (
  SELECT l.* FROM live l
  WHERE NOT l.only_if_subscribed OR EXISTS (SELECT 1 FROM webhooks w WHERE ${SUBSCRIBED})
), ek AS (
  INSERT INTO event_keys (event_id, public_id, tenant_id, idempotency_key, created_at)
  SELECT event_id, id, tenant_id, idempotency_key, $8 FROM wanted
  ON CONFLICT DO NOTHING
  RETURNING event_id
), ev AS (
  INSERT INTO events (id, client_id, tenant_id, type, data, idempotency_key, created_at)
  SELECT l.event_id, l.client_id, l.tenant_id, l.type, l.data::jsonb, l.idempotency_key, $8 FROM ek JOIN live l ON l.event_id = ek.event_id
  ON CONFLICT DO NOTHING
  RETURNING id
), fanned AS (
  SELECT l.event_id, w.id AS webhook_id, l.tenant_id, w.ordering
  FROM ev JOIN live l ON l.event_id = ev.id
  JOIN webhooks w ON ${SUBSCRIBED}
  ORDER BY l.idx
), dl AS (
  -- A FIFO webhook's deliveries are numbered in the batch's order (the
  -- order of acceptance): nextval runs as the ordered rows come out of fanned.
  INSERT INTO deliveries (id, event_id, webhook_id, tenant_id, status, attempt_count, next_attempt_at, created_at, updated_at, seq)
  SELECT ${UUIDV7}, f.event_id, f.webhook_id, f.tenant_id, 'pending', 0, $8, $8, $8, CASE WHEN f.ordering = 'fifo' THEN nextval('deliveries_seq') END
  FROM fanned f
  RETURNING id, event_id, webhook_id
)
SELECT i.idx, l.idx IS NOT NULL AS tenant_ok, k.idx IS NOT NULL AS wanted, e.id IS NOT NULL AS created,
  array_remove(array_agg(d.id::text ORDER BY d.id), NULL) AS delivery_ids,
  array_remove(array_agg(d.webhook_id::text ORDER BY d.id), NULL) AS webhook_ids
FROM input i
LEFT JOIN live l ON l.idx = i.idx
LEFT JOIN wanted k ON k.idx = i.idx
LEFT JOIN ev e ON e.id = i.event_id
LEFT JOIN dl d ON d.event_id = e.id
GROUP BY i.idx, l.idx, k.idx, e.id`;

type CreatedRow = {
  idx: number;
  tenant_ok: boolean;
  wanted: boolean;
  created: boolean;
  delivery_ids: string[];
  webhook_ids: string[];
};

/**
 * Stores a batch of events and their deliveries in one statement and says
 * per event what happened. Ids (a client's within its tenant) and
 * idempotency keys must be distinct within the batch (the caller holds back
 * repeats for the next one). The statement is atomic: if it fails, nothing
 * of the batch is written. On the pool it is a prepared statement (the
 * publish hot path); in a Prisma transaction it commits with the change that
 * raised the event (an operational event).
 */
export async function createEvents(
  target: SqlTarget,
  events: readonly NewEvent[],
  now = new Date(),
): Promise<CreateOutcome[]> {
  if (events.length === 0) return [];
  const values = [
    events.map((_, i) => i),
    events.map((e) => e.id),
    events.map((e) => e.tenantId),
    events.map((e) => e.type),
    events.map((e) => e.data),
    events.map((e) => e.idempotencyKey),
    events.map((e) => e.patterns.join(" ")),
    now,
    events.map((e) => e.excludeWebhookId ?? null),
    events.map((e) => e.onlyIfSubscribed ?? false),
    events.map((e) => e.clientId ?? null),
  ];
  const rows = await runText<CreatedRow>(target, { name: "herald_create_events", text: CREATE_SQL, values });
  const outcomes: CreateOutcome[] = new Array(events.length);
  for (const row of rows) {
    outcomes[row.idx] = !row.tenant_ok
      ? { kind: "no_tenant" }
      : !row.wanted
        ? { kind: "unsubscribed" }
        : row.created
          ? { kind: "created", deliveryIds: row.delivery_ids, webhookIds: row.webhook_ids }
          : { kind: "conflict" };
  }
  return outcomes;
}

/**
 * One job per created delivery, with its webhook (which picks the job's queue
 * partition) and whatever `extra` gives for its event (by index in the batch).
 */
export function jobsOf<X extends object = object>(
  outcomes: readonly CreateOutcome[],
  extra?: (event: number) => X,
): Array<{ deliveryId: string; webhookId: string } & Partial<X>> {
  return outcomes.flatMap((o, n) => {
    if (o.kind !== "created") return [];
    const more = extra?.(n);
    return o.deliveryIds.map(
      (deliveryId, i) =>
        ({ deliveryId, webhookId: o.webhookIds[i]!, ...more }) as {
          deliveryId: string;
          webhookId: string;
        } & Partial<X>,
    );
  });
}

/**
 * Stores one event Herald raises itself (an operational event) in `target`:
 * the transaction of the change that raised it, or the pool. Returns the jobs
 * to enqueue once that commits.
 */
export async function storeEvent(
  target: SqlTarget,
  event: Omit<NewEvent, "id">,
): Promise<Array<{ deliveryId: string; webhookId: string }>> {
  return jobsOf(await createEvents(target, [{ id: uuidv7(), ...event }]));
}
