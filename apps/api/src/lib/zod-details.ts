import type { ZodError } from "zod";
import type { ErrorDetail } from "./app-error.ts";

/** One detail per issue, naming the field by its dotted path; an unknown field is named itself. */
export function zodDetails(error: ZodError, prefix?: string): ErrorDetail[] {
  return error.issues.flatMap((issue): ErrorDetail[] => {
    const at = [prefix, ...issue.path.map(String)];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => {
        const field = [...at, key].filter(Boolean).join(".");
        return { field, message: `${field}: is not a known field`, code: issue.code };
      });
    }
    const field = at.filter(Boolean).join(".");
    // A refused record key (a header name) says why through its own issues; zod's own message is "Invalid key in record".
    const message = issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return [{ field: field || undefined, message: field ? `${field}: ${message}` : message, code: issue.code }];
  });
}
