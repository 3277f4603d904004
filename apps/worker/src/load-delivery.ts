import type { Db } from "@herald/db";

/** The delivery with what sending it needs: its event and its webhook. */
export function loadDelivery(db: Db, id: string) {
  // One query with joins (relationJoins), not one per relation: this runs on every attempt.
  return db.delivery.findUnique({ where: { id }, include: { event: true, webhook: true }, relationLoadStrategy: "join" });
}

export type LoadedDelivery = NonNullable<Awaited<ReturnType<typeof loadDelivery>>>;

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
