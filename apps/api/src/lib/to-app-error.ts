import { ShuttingDownError } from "@herald/engine";
import { ZodError } from "zod";
import { AppError } from "./app-error.ts";
import { zodDetails } from "./zod-details.ts";

interface HttpLikeError {
  type?: string;
  status?: number;
  statusCode?: number;
  code?: string;
  message?: string;
}

// Postgres SQLSTATEs worth a retry: the server is going away or starting (57P01-57P03), out of connections (53300),
// or a statement ran past DATABASE_STATEMENT_TIMEOUT_MS (57014) or waited past DATABASE_LOCK_TIMEOUT_MS (55P03).
// pg puts them in `code`; Prisma quotes them in its message.
const unavailableSqlStates = ["57P01", "57P02", "57P03", "57014", "55P03", "53300"];

const unavailableCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  ...unavailableSqlStates,
  "P1001",
  "P1002",
  "P1017",
  "P2024",
  "P2028",
]);

// What drivers and Prisma write when a server is unreachable or closing; wrappers such as Prisma's P2010 keep only
// the message.
const unavailableMessages = new RegExp(
  [
    "ECONNREFUSED",
    "Connection terminated",
    "connection.*(closed|refused)",
    "Can't reach database",
    "timeout exceeded when trying to connect",
    "Stream isn't writeable",
    "Connection is closed",
    "encountered a connection error and is not queryable",
    "terminating connection",
    "the database system is (starting up|shutting down|in recovery mode)",
    // 08xxx: Postgres's connection-exception class.
    `Code: \`(${[...unavailableSqlStates, "08\\d{3}"].join("|")})\``,
  ].join("|"),
  "i",
);

function isUnavailable(err: HttpLikeError & { cause?: unknown; name?: string }): boolean {
  if (err.code && unavailableCodes.has(err.code)) return true;
  if (unavailableMessages.test(`${err.name ?? ""} ${err.message ?? ""}`)) return true;
  return err.cause instanceof Error ? isUnavailable(err.cause as HttpLikeError) : false;
}

/** Maps any thrown value to the AppError the client should see. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ShuttingDownError) return new AppError("service_unavailable", err.message);
  if (err instanceof ZodError) return new AppError("validation_error", "request validation failed", zodDetails(err));
  const e = (err ?? {}) as HttpLikeError;
  // body-parser's errors (malformed JSON, too large, bad charset).
  if (e.type === "entity.parse.failed") return new AppError("invalid_json", "request body is not valid JSON");
  if (e.type === "entity.too.large") return new AppError("payload_too_large", "request body is too large");
  if (e.type === "encoding.unsupported" || e.type === "charset.unsupported")
    return new AppError("unsupported_media_type", e.message ?? "unsupported encoding");
  const status = e.status ?? e.statusCode;
  if (typeof status === "number" && status >= 400 && status < 500)
    return new AppError("validation_error", e.message ?? "bad request");
  // Prisma's known request errors.
  if (e.code === "P2025") return new AppError("not_found", "resource not found");
  if (e.code === "P2002") return new AppError("conflict", "a resource with these unique fields already exists");
  if (isUnavailable(err as HttpLikeError))
    return new AppError("service_unavailable", "a backing service is unavailable; retry shortly");
  return new AppError("internal_error", "internal server error");
}
