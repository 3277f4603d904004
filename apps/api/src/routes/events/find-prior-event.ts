import type { Db } from "@herald/db";
import { AppError } from "../../lib/app-error.ts";

/** A repeat within this window answers like the first request and creates nothing. */
const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface PublishAnswer {
  id: string;
  deliveries: number;
}

/**
 * The answer of an earlier publish with the same idempotency key or event id,
 * or null when there is none in the window. An expired key is released so it
 * can be used again; an event id is the event's primary key and stays taken.
 */
export async function findPriorEvent(db: Db, { scopedKey, id, tenantId }: { scopedKey: string | null; id?: string; tenantId: string | null }): Promise<PublishAnswer | null> {
  const or = [...(scopedKey ? [{ idempotencyKey: scopedKey }] : []), ...(id ? [{ eventId: id }] : [])];
  if (or.length === 0) return null;
  // event_keys holds both unique indexes (events is partitioned by time); its
  // created_at takes the events lookup to one partition.
  const key = await db.eventKey.findFirst({ where: { OR: or } });
  if (!key) return null;
  const prior = await db.event.findFirst({ where: { id: key.eventId, createdAt: key.createdAt }, include: { _count: { select: { deliveries: true } } } });
  if (!prior) return null;
  const expired = Date.now() - prior.createdAt.getTime() > IDEMPOTENCY_WINDOW_MS;
  const sameId = id !== undefined && prior.id === id;
  if (sameId && (expired || prior.tenantId !== tenantId)) {
    throw new AppError("conflict", "an event with this id already exists", [{ field: "id", message: "id: is already used by another event" }]);
  }
  if (expired) {
    // A trigger releases it in event_keys too.
    await db.event.updateMany({ where: { id: prior.id, createdAt: prior.createdAt, idempotencyKey: scopedKey }, data: { idempotencyKey: null } });
    return null;
  }
  return { id: prior.id, deliveries: prior._count.deliveries };
}
