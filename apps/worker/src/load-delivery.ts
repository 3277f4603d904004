import { sqlPool, type Db, type DeliveryModel, type EventModel, type WebhookModel } from "@herald/db";

export type LoadedDelivery = DeliveryModel & { event: EventModel; webhook: WebhookModel };

// Every column of the three rows, as one row of JSON objects keyed by the
// client's field names, so the result has the Prisma models' shape.
const LOAD_SQL = `
  SELECT to_jsonb(d) AS d, to_jsonb(e) AS e, to_jsonb(w) AS w
  FROM deliveries d JOIN events e ON e.id = d.event_id JOIN webhooks w ON w.id = d.webhook_id
  WHERE d.id = $1::uuid`;

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const dateFields = /At$|Since$/;

function model<T>(row: Record<string, unknown>): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    const field = camel(key);
    out[field] = typeof value === "string" && dateFields.test(field) ? new Date(value) : value;
  }
  return out as T;
}

/**
 * The delivery with what sending it needs: its event and its webhook. One
 * query on the pg pool (it runs for every attempt; see sqlPool).
 */
export async function loadDelivery(db: Db, id: string): Promise<LoadedDelivery | null> {
  const { rows } = await sqlPool(db).query<{ d: Record<string, unknown>; e: Record<string, unknown>; w: Record<string, unknown> }>({ name: "herald_load_delivery", text: LOAD_SQL, values: [id] });
  const row = rows[0];
  if (!row) return null;
  return { ...model<DeliveryModel>(row.d), event: model<EventModel>(row.e), webhook: model<WebhookModel>(row.w) };
}

/**
 * A job for a `failed` delivery runs only when someone retried the failed job
 * from the dashboard (the API's retry endpoints reset the row themselves):
 * treat it as a manual retry, with a fresh schedule. (The one other way is a
 * worker dying between marking the delivery failed and failing its job; the
 * resend that follows is within at-least-once.)
 */
export async function reviveFailed(db: Db, id: string): Promise<boolean> {
  const { count } = await db.delivery.updateMany({
    where: { id, status: "failed" },
    data: { status: "pending", attemptCount: 0, nextAttemptAt: new Date(), completedAt: null },
  });
  return count === 1;
}

/** A soft-deleted webhook's remaining deliveries are cancelled, never sent. */
export async function cancelDelivery(db: Db, id: string): Promise<void> {
  await db.delivery.updateMany({ where: { id, status: "pending" }, data: { status: "cancelled", nextAttemptAt: null, completedAt: new Date() } });
}
