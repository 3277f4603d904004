import type { z } from "zod";
import { publicEventId } from "@herald/db";
import { SEND_METHOD } from "@herald/delivery";
import { type DeliveryHold, readDeliveryHold } from "@herald/engine";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { pageArgs } from "../../lib/pagination.ts";
import { deliveryScope } from "../../lib/tenancy.ts";
import type { failedQuery, listDeliveriesQuery } from "./deliveries.schemas.ts";
import { deliveryFilterOf, pageOfDeliveryIds } from "./delivery-filter.ts";
import { findWebhook } from "../webhooks/webhooks.service.ts";
import type {
  DeliveryAttemptModel as DeliveryAttempt,
  DeliveryModel as Delivery,
  EventModel as Event,
  WebhookModel as Webhook,
} from "@herald/db";

type Status = "pending" | "success" | "failed" | "cancelled";
type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;
type FailedQuery = z.infer<typeof failedQuery>;

export async function deliveryStats({ deps, principal }: Ctx) {
  const groups = await deps.db.delivery.groupBy({
    by: ["status"],
    where: deliveryScope(principal),
    _count: { _all: true },
  });
  const count = (status: Status) => groups.find((g) => g.status === status)?._count._all ?? 0;
  const stats = {
    pending: count("pending"),
    success: count("success"),
    failed: count("failed"),
    cancelled: count("cancelled"),
  };
  return { total: stats.pending + stats.success + stats.failed + stats.cancelled, ...stats };
}

/** Deliveries matching the caller's filter, newest first, with their event's type. */
export async function listDeliveries(
  { deps, principal }: Ctx,
  { status, limit, cursor, ...input }: ListDeliveriesQuery,
) {
  const filter = { ...deliveryFilterOf(principal, input), ...(status ? { status } : {}) };
  const ids = await pageOfDeliveryIds(deps.db, { filter, limit, cursor });
  return deps.db.delivery.findMany({
    where: { id: { in: ids } },
    orderBy: { id: "desc" },
    include: { event: { select: eventRowSelect } },
  });
}

/** The dead-letter queue: failed deliveries matching the caller's filter, newest first, with their webhook and event. */
export async function failedDeliveries({ deps, principal }: Ctx, { limit, cursor, ...input }: FailedQuery) {
  const filter = { ...deliveryFilterOf(principal, input), status: "failed" as const };
  const ids = await pageOfDeliveryIds(deps.db, { filter, limit, cursor });
  return deps.db.delivery.findMany({
    where: { id: { in: ids } },
    orderBy: { id: "desc" },
    include: { webhook: { select: webhookSummarySelect }, event: true },
  });
}

export async function findDelivery({ deps: { db }, principal }: Ctx, id: string) {
  // The row and its attempts are two queries: one snapshot, so a worker's
  // commit between them cannot show an attempt the row does not count yet.
  const [delivery] = await db.$transaction(
    [
      db.delivery.findFirst({
        where: { id, ...deliveryScope(principal) },
        include: {
          attempts: { orderBy: [{ attemptNumber: "asc" }, { createdAt: "asc" }] },
          event: true,
          webhook: { select: holdWebhookSelect },
        },
      }),
    ],
    { isolationLevel: "RepeatableRead" },
  );
  if (!delivery) throw AppError.notFound("delivery");
  return delivery;
}

/** What reading a delivery's hold takes of its webhook (readDeliveryHold). */
const holdWebhookSelect = {
  id: true,
  enabled: true,
  deletedAt: true,
  ordering: true,
  fifoOnFailure: true,
  rateLimit: true,
  maxInFlight: true,
} as const;

type FoundDelivery = Awaited<ReturnType<typeof findDelivery>>;

function holdMessage(hold: DeliveryHold): string {
  switch (hold.reason) {
    case "webhook_disabled":
      return "its webhook is disabled; it waits until the webhook is enabled";
    case "fifo_waiting":
      return `its webhook delivers in order; it waits behind delivery ${hold.behind}`;
    case "circuit_open":
      return "the endpoint's circuit is open after consecutive failures; it waits for the next probe";
    case "in_flight_full":
      return `${hold.inFlight} requests are under way, the webhook's max_in_flight is ${hold.maxInFlight}`;
    case "rate_limited":
      return "the webhook's rate limit is reached for this second";
    case "queued":
      return "due; waiting for a worker to send it";
  }
}

/** Why the delivery, if pending, is not being sent now (the engine reads the endpoint's state). */
export async function deliveryHold({ deps }: Ctx, d: FoundDelivery) {
  const hold = await readDeliveryHold({
    db: deps.db,
    redis: deps.redis,
    prefix: deps.config.queuePrefix,
    delivery: d,
    webhook: d.webhook,
  });
  if (!hold) return null;
  return {
    reason: hold.reason,
    message: holdMessage(hold),
    until: iso(hold.until),
    behind_delivery_id: hold.reason === "fifo_waiting" ? hold.behind : null,
  };
}

export async function webhookDeliveries(
  ctx: Ctx,
  { webhookId, status, limit, cursor }: { webhookId: string; status?: Status; limit: number; cursor?: string },
) {
  await findWebhook(ctx, webhookId);
  const { where: cursorWhere, ...args } = pageArgs({ limit, cursor });
  return ctx.deps.db.delivery.findMany({
    ...args,
    where: { webhookId, ...(status ? { status } : {}), ...cursorWhere },
    include: { event: { select: eventRowSelect } },
  });
}

/** What showing a delivery's event id takes (deliveries reference Herald's id; users see publicEventId). */
const eventIdSelect = { id: true, clientId: true } as const;
type EventIds = Pick<Event, "id" | "clientId">;
/** ... and a list's row, its type too. */
const eventRowSelect = { ...eventIdSelect, type: true } as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function renderDelivery(d: Delivery & { event: EventIds }) {
  return {
    id: d.id,
    event_id: publicEventId(d.event),
    webhook_id: d.webhookId,
    tenant_id: d.tenantId,
    status: d.status,
    attempt_count: d.attemptCount,
    next_attempt_at: iso(d.nextAttemptAt),
    last_attempt_at: iso(d.lastAttemptAt),
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    completed_at: iso(d.completedAt),
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
  };
}

/** A delivery in a list, with its event's type. */
export function renderDeliveryRow(d: Delivery & { event: EventIds & Pick<Event, "type"> }) {
  return { ...renderDelivery(d), event_type: d.event.type };
}

/** An attempt; `body` is what every attempt of its delivery sent (the envelope, rebuilt by envelopeOf). */
export function renderAttempt(a: DeliveryAttempt, body: string) {
  return {
    id: a.id,
    attempt_number: a.attemptNumber,
    status_code: a.statusCode,
    duration_ms: a.durationMs,
    error: a.error,
    response_body: a.responseBody,
    response_headers: a.responseHeaders,
    request:
      a.requestUrl === null
        ? null
        : { method: SEND_METHOD, url: a.requestUrl, headers: a.requestHeaders as Record<string, string>, body },
    created_at: a.createdAt.toISOString(),
  };
}

export function renderEvent(e: Event) {
  return {
    id: publicEventId(e),
    type: e.type,
    tenant_id: e.tenantId,
    data: e.data,
    created_at: e.createdAt.toISOString(),
  };
}

type WebhookSummary = Pick<Webhook, "id" | "url" | "description" | "tenantId" | "enabled" | "deletedAt">;

export function renderWebhookSummary(w: WebhookSummary) {
  return {
    id: w.id,
    url: w.url,
    description: w.description,
    tenant_id: w.tenantId,
    enabled: w.enabled,
    deleted: w.deletedAt !== null,
  };
}

const webhookSummarySelect = {
  id: true,
  url: true,
  description: true,
  tenantId: true,
  enabled: true,
  deletedAt: true,
} as const;
