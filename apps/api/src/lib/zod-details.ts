import type { ZodError } from "zod";
import type { ErrorDetail } from "./app-error.ts";

/** One detail per issue, naming the field by its dotted path. */
export function zodDetails(error: ZodError, prefix?: string): ErrorDetail[] {
  return error.issues.map((issue) => {
    const field = [prefix, ...issue.path.map(String)].filter(Boolean).join(".");
    return {
      field: field || undefined,
      message: field ? `${field}: ${issue.message}` : issue.message,
      code: issue.code,
    };
  });
}
