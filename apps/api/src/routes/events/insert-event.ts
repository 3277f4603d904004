import { Prisma, uuidv7, type Db } from "@herald/db";
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
  const patterns = candidatePatterns(type);
  const rows = tenantId
    ? await db.$queryRaw<{ id: string }[]>`SELECT id FROM webhooks WHERE enabled AND deleted_at IS NULL AND events && ${patterns}::text[] AND (tenant_id = ${tenantId}::uuid OR tenant_id IS NULL)`
    : await db.$queryRaw<{ id: string }[]>`SELECT id FROM webhooks WHERE enabled AND deleted_at IS NULL AND events && ${patterns}::text[] AND tenant_id IS NULL`;
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
  await db.$executeRaw`
    WITH ev AS (
      INSERT INTO events (id, tenant_id, type, data, idempotency_key, created_at)
      VALUES (${id}, ${event.tenantId}::uuid, ${event.type}, ${data}::jsonb, ${event.idempotencyKey}, ${now})
      RETURNING id
    )
    INSERT INTO deliveries (id, event_id, webhook_id, tenant_id, status, attempt_count, next_attempt_at, created_at, updated_at)
    SELECT d.id, ev.id, d.webhook_id, ${event.tenantId}::uuid, 'pending', 0, ${now}, ${now}, ${now}
    FROM ev, unnest(${deliveryIds}::uuid[], ${webhookIds}::uuid[]) AS d(id, webhook_id)`;
  return { id, deliveryIds };
}

/** A unique violation (same idempotency key or event id) from either Prisma path. */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === "P2002") return true;
    const meta = err.meta as { code?: string; driverAdapterError?: { cause?: { originalCode?: string; kind?: string } } } | undefined;
    return meta?.code === "23505" || meta?.driverAdapterError?.cause?.originalCode === "23505" || meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
  }
  return /unique constraint|23505/i.test(String((err as Error)?.message ?? ""));
}
