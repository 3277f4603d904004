import { uuidv7, runText, type SqlTarget } from "@herald/db";
import { sendableWebhookSql } from "../webhooks/sendable-webhook.ts";
import { FILTER_BUDGET, FilterBudget, type FilterEnvelope, filterVerdict } from "./payload-filter.ts";

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
const UUIDV7 =
  "encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing " +
  `substring(int8send(floor(extract(epoch from $8::timestamptz) * 1000)::bigint) from 3) from 1 for 6), 52, 1), 53, 1), 'hex')::uuid`;

// Which webhooks receive event l: enabled, live, subscribed to one of its
// patterns, global or of its tenant, and not the one it is about.
const ELIGIBLE = `${sendableWebhookSql("w")} AND w.events && string_to_array(l.patterns, ' ')
    AND (w.tenant_id IS NULL OR w.tenant_id = l.tenant_id) AND w.id IS DISTINCT FROM l.exclude_webhook_id`;

// ... and, for a webhook with a payload filter, one that the event passed:
// filters are evaluated here in the process, within a budget (payload-filter.ts),
// never inside the shared statement, whose cost must not depend on one
// tenant's filters and events. l.passed lists them, space-joined.
const SUBSCRIBED = `${ELIGIBLE} AND (w.filter IS NULL OR w.id = ANY(string_to_array(l.passed, ' ')::uuid[]))`;

// The filtered webhooks each event of a batch is eligible for, one row per
// webhook with its filter (read once however many events it meets). No row
// at all, the common case, when no eligible webhook has a filter.
const FILTERED_SQL = `
WITH l AS (
  SELECT * FROM unnest($1::int[], $2::uuid[], $3::text[], $4::uuid[]) AS t(idx, tenant_id, patterns, exclude_webhook_id)
)
SELECT w.id, w.filter, array_agg(l.idx) AS events
FROM l JOIN webhooks w ON w.filter IS NOT NULL AND ${ELIGIBLE}
GROUP BY w.id
ORDER BY w.tenant_id NULLS FIRST, w.id`;

// The transactional outbox for a whole batch of publishes, in ONE statement
// (so one round trip and its own transaction): every event whose tenant is
// live (and, if it is only wanted when subscribed, that some webhook
// receives) claims its ids and idempotency key in event_keys (the uniqueness
// the partitioned events table cannot enforce): its own id (event_id), and
// within its tenant the id users see (l.id, the envelope's: the client's,
// else its own), with ON CONFLICT DO NOTHING so a taken id or key skips that
// event only; the claimed events are stored, and one pending delivery per
// enabled, live webhook whose patterns overlap the event's and whose filter
// (if any) it passed (the subscription is read in the statement's snapshot,
// so a webhook created before the batch began is always matched; a filter is
// read just before, by filteredPassed). Patterns travel space-joined: event
// types and patterns hold no spaces.
const CREATE_SQL = `
WITH input AS (
  SELECT t.*, coalesce(t.client_id, t.event_id) AS id
  FROM unnest($1::int[], $2::text[], $11::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $9::uuid[], $10::boolean[], $12::text[])
    AS t(idx, event_id, client_id, tenant_id, type, data, idempotency_key, patterns, exclude_webhook_id, only_if_subscribed, passed)
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
  const passed = await filteredPassed(target, events, now);
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
    passed.map((ids) => ids.join(" ")),
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
 * For each event, the filtered webhooks it passes. Each event's filters share
 * one budget (FILTER_BUDGET.perEvent), global webhooks' first; a filter that
 * runs out lets the event through (payload-filter.ts says why).
 */
async function filteredPassed(target: SqlTarget, events: readonly NewEvent[], now: Date): Promise<string[][]> {
  const passed = events.map((): string[] => []);
  const rows = await runText<{ id: string; filter: unknown; events: number[] }>(target, {
    name: "herald_filtered_webhooks",
    text: FILTERED_SQL,
    values: [
      events.map((_, i) => i),
      events.map((e) => e.tenantId),
      events.map((e) => e.patterns.join(" ")),
      events.map((e) => e.excludeWebhookId ?? null),
    ],
  });
  if (rows.length === 0) return passed;
  const budgets = events.map(() => new FilterBudget(FILTER_BUDGET.perEvent));
  const createdAt = now.toISOString();
  const envelopes = new Map<number, FilterEnvelope>();
  const envelopeOf = (i: number) => {
    let envelope = envelopes.get(i);
    if (!envelope) {
      const e = events[i]!;
      // Parsed from the text that is stored, so a filter reads exactly what is delivered.
      const id = e.clientId ?? e.id;
      envelope = { id, event: e.type, created_at: createdAt, tenant_id: e.tenantId, data: JSON.parse(e.data) };
      envelopes.set(i, envelope);
    }
    return envelope;
  };
  for (const row of rows)
    for (const i of row.events)
      if (filterVerdict(row.filter, envelopeOf(i), budgets[i]).matches) passed[i]!.push(row.id);
  return passed;
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
