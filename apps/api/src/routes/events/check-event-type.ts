import type { Db } from "@herald/db";
import { AppError } from "../../lib/app-error.ts";
import { validateAgainst } from "../../lib/json-schema.ts";

/**
 * HERALD_STRICT_EVENT_TYPES: the type must be registered (and not archived)
 * in /event-types, and the data must satisfy its JSON Schema when it has one.
 */
export async function checkEventType(db: Db, { type, data }: { type: string; data: unknown }): Promise<void> {
  const row = await db.eventType.findUnique({ where: { name: type } });
  if (!row || row.archivedAt) {
    throw new AppError("unprocessable_entity", `invalid body: type: ${type} is not a registered event type`, [{ field: "type", message: "type: is not a registered event type (see /event-types)" }]);
  }
  if (!row.schema) return;
  const details = validateAgainst({ name: row.name, stamp: row.updatedAt.getTime(), schema: row.schema as Record<string, unknown>, data });
  if (details.length) throw new AppError("unprocessable_entity", `invalid body: ${details[0]!.message} (event type ${type}'s schema)`, details);
}
