import { Ajv, type ValidateFunction } from "ajv";
import type { ErrorDetail } from "./app-error.ts";

// One Ajv for the process; compiled validators are cached per event type and
// replaced when the type's row changes (its updated_at).
const ajv = new Ajv({ allErrors: true, strict: false });
const cache = new Map<string, { stamp: number; validate: ValidateFunction }>();

/** null when `schema` compiles, else why not. */
export function schemaProblem(schema: Record<string, unknown>): string | null {
  try {
    ajv.compile(schema);
    return null;
  } catch (err) {
    return (err as Error).message.slice(0, 300);
  }
}

/** The errors of `data` against an event type's schema, each naming its field (`data.amount`). */
export function validateAgainst({
  name,
  stamp,
  schema,
  data,
}: {
  name: string;
  stamp: number;
  schema: Record<string, unknown>;
  data: unknown;
}): ErrorDetail[] {
  let entry = cache.get(name);
  if (!entry || entry.stamp !== stamp) {
    entry = { stamp, validate: ajv.compile(schema) };
    cache.set(name, entry);
  }
  if (entry.validate(data)) return [];
  return (entry.validate.errors ?? []).map((e) => {
    const field = ["data", ...e.instancePath.split("/").filter(Boolean)].join(".");
    return { field, message: `${field}: ${e.message ?? "is invalid"}` };
  });
}
