import { type EventTypeModel as EventType, Prisma, writeAudit } from "@herald/db";
import { BUILT_IN_EVENT_TYPES, type BuiltInEventType, builtInEventType } from "@herald/delivery";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import type { CreateEventTypeInput, EventTypeOut, UpdateEventTypeInput } from "./event-types.schemas.ts";

/** A registered type, or one of Herald's operational events (defined in code, not stored). */
export type ListedEventType = EventType | BuiltInEventType;

// The release that introduced the operational events, as their created_at/updated_at.
const BUILT_IN_SINCE = "2026-11-23T00:00:00.000Z";

export function renderEventType(row: ListedEventType): EventTypeOut {
  if (!("createdAt" in row))
    return {
      name: row.name,
      description: row.description,
      schema: row.schema,
      archived: false,
      built_in: true,
      created_at: BUILT_IN_SINCE,
      updated_at: BUILT_IN_SINCE,
    };
  return {
    name: row.name,
    description: row.description,
    schema: (row.schema as Record<string, unknown> | null) ?? null,
    archived: row.archivedAt !== null,
    built_in: false,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

const refuseBuiltIn = (name: string) => {
  if (builtInEventType(name))
    throw new AppError(
      "conflict",
      `${name} is one of Herald's built-in event types and cannot be changed or archived`,
      [{ field: "name", message: "name: built-in event type" }],
    );
};

const json = (v: Record<string, unknown> | null | undefined) =>
  v === null ? Prisma.DbNull : (v as Prisma.InputJsonValue | undefined);

/** Registering an archived name again brings it back with the new fields. */
export async function createEventType({ deps, principal }: Ctx, input: CreateEventTypeInput): Promise<EventType> {
  return deps.db.$transaction(async (tx) => {
    const existing = await tx.eventType.findUnique({ where: { name: input.name } });
    if (existing && !existing.archivedAt)
      throw new AppError("conflict", `event type ${input.name} already exists`, [
        { field: "name", message: "name: already registered" },
      ]);
    const data = { description: input.description ?? null, schema: json(input.schema ?? null), archivedAt: null };
    const row = await tx.eventType.upsert({
      where: { name: input.name },
      create: { name: input.name, ...data },
      update: data,
    });
    await writeAudit(tx, principal, {
      tenantId: null,
      action: "event_type.created",
      resourceType: "event_type",
      resourceId: row.name,
      changes: { description: row.description, has_schema: row.schema !== null },
    });
    return row;
  });
}

export async function findEventType({ deps }: Ctx, name: string): Promise<ListedEventType> {
  const row = builtInEventType(name) ?? (await deps.db.eventType.findUnique({ where: { name } }));
  if (!row) throw AppError.notFound("event type");
  return row;
}

/** Registered and built-in types merged by name, `limit + 1` of them (the extra one says there is a next page). */
export async function listEventTypes(
  { deps }: Ctx,
  q: { limit: number; cursor?: string; includeArchived: boolean; builtIn?: boolean },
): Promise<ListedEventType[]> {
  const rows =
    q.builtIn === true
      ? []
      : await deps.db.eventType.findMany({
          where: {
            ...(q.cursor ? { name: { gt: q.cursor } } : {}),
            ...(q.includeArchived ? {} : { archivedAt: null }),
          },
          orderBy: { name: "asc" },
          take: q.limit + 1,
        });
  // A registered herald.* row (made before the namespace was reserved) is shadowed by the built-in.
  const builtIns =
    q.builtIn === false ? [] : BUILT_IN_EVENT_TYPES.filter((t) => q.cursor === undefined || t.name > q.cursor);
  const merged: ListedEventType[] = [...rows.filter((r) => !builtInEventType(r.name)), ...builtIns];
  return merged.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, q.limit + 1);
}

export async function updateEventType(
  { deps, principal }: Ctx,
  { name, input }: { name: string; input: UpdateEventTypeInput },
): Promise<EventType> {
  refuseBuiltIn(name);
  await findEventType({ deps, principal }, name);
  return deps.db.$transaction(async (tx) => {
    const row = await tx.eventType.update({
      where: { name },
      data: {
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.schema !== undefined ? { schema: json(input.schema) } : {}),
      },
    });
    await writeAudit(tx, principal, {
      tenantId: null,
      action: "event_type.updated",
      resourceType: "event_type",
      resourceId: name,
      changes: { fields: Object.keys(input) },
    });
    return row;
  });
}

/** Archived, not deleted: events already stored keep a known type. */
export async function archiveEventType({ deps, principal }: Ctx, name: string): Promise<void> {
  refuseBuiltIn(name);
  const current = await deps.db.eventType.findUnique({ where: { name } });
  if (!current) throw AppError.notFound("event type");
  if (current.archivedAt) return;
  await deps.db.$transaction(async (tx) => {
    await tx.eventType.update({ where: { name }, data: { archivedAt: new Date() } });
    await writeAudit(tx, principal, {
      tenantId: null,
      action: "event_type.archived",
      resourceType: "event_type",
      resourceId: name,
    });
  });
}
