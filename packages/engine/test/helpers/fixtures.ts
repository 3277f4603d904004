import type { Db } from "@herald/db";

// Webhook rows as the management API stores them, shared with the API tests.
export { createWebhook } from "@herald/testkit/rows";

/** An event with one delivery to `webhookId`, as the API's publish stores them. */
export async function createDelivery(
  db: Db,
  {
    webhookId,
    type = "invoice.updated",
    status = "pending" as const,
  }: { webhookId: string; type?: string; status?: "pending" | "failed" | "cancelled" },
) {
  const event = await db.event.create({ data: { type, data: { amount: 1 } } });
  return db.delivery.create({ data: { eventId: event.id, webhookId, status, nextAttemptAt: new Date() } });
}

/** `count` events of one type with a delivery each to `webhookId`, in two statements (bursts). */
export async function createDeliveries(
  db: Db,
  { webhookId, count, type = "invoice.updated" }: { webhookId: string; count: number; type?: string },
): Promise<string[]> {
  const events = await db.event.createManyAndReturn({
    data: Array.from({ length: count }, () => ({ type, data: { amount: 1 } })),
    select: { id: true },
  });
  const rows = await db.delivery.createManyAndReturn({
    data: events.map((e) => ({ eventId: e.id, webhookId, nextAttemptAt: new Date() })),
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
