import { Prisma, sqlPool, uuidv7, type Db } from "@herald/db";
import { candidatePatterns } from "@herald/delivery";

export interface NewEvent {
  id?: string;
  tenantId: string | null;
  type: string;
  data: unknown;
  idempotencyKey: string | null;
}

/** Ids of the enabled, live webhooks subscribed to `type`: the tenant's plus global ones (or global only). */
export async function findSubscribers(db: Db, { type, tenantId }: { type: string; tenantId: string | null }): Promise<string[]> {
  const { rows } = await sqlPool(db).query<{ id: string }>({
    name: "herald_subscribers",
    text: "SELECT id FROM webhooks WHERE enabled AND deleted_at IS NULL AND events && $1::text[] AND (tenant_id IS NULL OR tenant_id = $2::uuid)",
    values: [candidatePatterns(type), tenantId],
  });
  return rows.map((r) => r.id);
}

/**
 * The transactional outbox in one statement: the event row and one pending
 * delivery per subscriber are inserted together (a single statement is its
 * own transaction), with ids made here so nothing needs reading back. One
 * round trip instead of an interactive transaction's five, and no pooled
 * connection held across them.
 */
export async function insertEventWithDeliveries(db: Db, event: NewEvent, webhookIds: string[]): Promise<{ id: string; deliveryIds: string[] }> {
  const now = new Date();
  const id = event.id ?? uuidv7(now.getTime());
  const deliveryIds = webhookIds.map(() => uuidv7(now.getTime()));
  const data = JSON.stringify(event.data);
  await sqlPool(db).query({
    name: "herald_insert_event",
    text: `WITH ev AS (
        INSERT INTO events (id, tenant_id, type, data, idempotency_key, created_at)
        VALUES ($1, $2::uuid, $3, $4::jsonb, $5, $6) RETURNING id
      )
      INSERT INTO deliveries (id, event_id, webhook_id, tenant_id, status, attempt_count, next_attempt_at, created_at, updated_at)
      SELECT d.id, ev.id, d.webhook_id, $2::uuid, 'pending', 0, $6, $6, $6
      FROM ev, unnest($7::uuid[], $8::uuid[]) AS d(id, webhook_id)`,
    values: [id, event.tenantId, event.type, data, event.idempotencyKey, now, deliveryIds, webhookIds],
  });
  return { id, deliveryIds };
}

/** A unique violation (same idempotency key or event id), from pg or Prisma. */
export function isUniqueViolation(err: unknown): boolean {
  if ((err as { code?: string })?.code === "23505") return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === "P2002") return true;
    const meta = err.meta as { code?: string; driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } } | undefined;
    return meta?.code === "23505" || meta?.driverAdapterError?.cause?.originalCode === "23505" || meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
  }
  return /unique constraint|23505/i.test(String((err as Error)?.message ?? ""));
}
