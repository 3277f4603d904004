import { Prisma, type EventTypeModel as EventType } from "@herald/db";
import type { AppDeps } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { writeAudit } from "../../lib/audit.ts";
import type { Principal } from "../../middleware/authenticate.ts";
import type { CreateEventTypeInput, EventTypeOut, UpdateEventTypeInput } from "./event-types.schemas.ts";

type Ctx = { deps: AppDeps; principal: Principal };

export function renderEventType(row: EventType): EventTypeOut {
  return {
    name: row.name,
    description: row.description,
    schema: (row.schema as Record<string, unknown> | null) ?? null,
    archived: row.archivedAt !== null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const json = (v: Record<string, unknown> | null | undefined) => (v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue | undefined));

/** Registering an archived name again brings it back with the new fields. */
export async function createEventType({ deps, principal }: Ctx, input: CreateEventTypeInput): Promise<EventType> {
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.eventType.findUnique({ where: { name: input.name } });
    if (existing && !existing.archivedAt) throw new AppError("conflict", `event type ${input.name} already exists`, [{ field: "name", message: "name: already registered" }]);
    const data = { description: input.description ?? null, schema: json(input.schema ?? null), archivedAt: null };
    const row = await tx.eventType.upsert({ where: { name: input.name }, create: { name: input.name, ...data }, update: data });
    await writeAudit(tx, principal, { tenantId: null, action: "event_type.created", resourceType: "event_type", resourceId: row.name, changes: { description: row.description, has_schema: row.schema !== null } });
    return row;
  });
}

export async function findEventType(deps: AppDeps, name: string): Promise<EventType> {
  const row = await deps.db.eventType.findUnique({ where: { name } });
  if (!row) throw AppError.notFound("event type");
  return row;
}

export async function listEventTypes(deps: AppDeps, q: { limit: number; cursor?: string; includeArchived: boolean }): Promise<EventType[]> {
  return deps.db.eventType.findMany({
    where: { ...(q.cursor ? { name: { gt: q.cursor } } : {}), ...(q.includeArchived ? {} : { archivedAt: null }) },
    orderBy: { name: "asc" },
    take: q.limit + 1,
  });
}

export async function updateEventType({ deps, principal }: Ctx, { name, input }: { name: string; input: UpdateEventTypeInput }): Promise<EventType> {
  await findEventType(deps, name);
  return deps.db.$transaction(async (tx) => {
    const row = await tx.eventType.update({
      where: { name },
      data: { ...(input.description !== undefined ? { description: input.description } : {}), ...(input.schema !== undefined ? { schema: json(input.schema) } : {}) },
    });
    await writeAudit(tx, principal, { tenantId: null, action: "event_type.updated", resourceType: "event_type", resourceId: name, changes: { fields: Object.keys(input) } });
    return row;
  });
}

/** Archived, not deleted: events already stored keep a known type. */
export async function archiveEventType({ deps, principal }: Ctx, name: string): Promise<void> {
  const current = await findEventType(deps, name);
  if (current.archivedAt) return;
  await deps.db.$transaction(async (tx) => {
    await tx.eventType.update({ where: { name }, data: { archivedAt: new Date() } });
    await writeAudit(tx, principal, { tenantId: null, action: "event_type.archived", resourceType: "event_type", resourceId: name });
  });
}
