import { MASKED_HEADER_VALUE, type SealedHeaders, sealHeaders } from "@herald/delivery";
import { AppError } from "../../lib/app-error.ts";

export const MAX_HEADERS = 20;

function storedHeaders(sealed: unknown): SealedHeaders {
  return sealed && typeof sealed === "object" && !Array.isArray(sealed) ? (sealed as SealedHeaders) : {};
}

/** A webhook's custom headers as answers show them: each name with the mask; null when it has none. */
export function maskHeaders(sealed: unknown): Record<string, typeof MASKED_HEADER_VALUE> | null {
  const names = Object.keys(storedHeaders(sealed));
  return names.length ? Object.fromEntries(names.map((name) => [name, MASKED_HEADER_VALUE])) : null;
}

/**
 * The sealed headers after a PATCH's `change`: a named header (in any case)
 * is replaced by the new value or removed by null; the others keep their
 * sealed values untouched, so a caller keeps a credential it cannot read.
 */
export function mergeHeaders({
  sealed,
  change,
  encryptionKey,
}: {
  sealed: unknown;
  change: Record<string, string | null>;
  encryptionKey: string;
}): SealedHeaders | null {
  const merged = { ...storedHeaders(sealed) };
  for (const [name, value] of Object.entries(change)) {
    for (const existing of Object.keys(merged))
      if (existing.toLowerCase() === name.toLowerCase()) delete merged[existing];
    if (value !== null) Object.assign(merged, sealHeaders({ [name]: value }, encryptionKey));
  }
  const count = Object.keys(merged).length;
  if (count > MAX_HEADERS)
    throw new AppError("validation_error", `the webhook would have ${count} headers`, [
      { field: "headers", message: `headers: at most ${MAX_HEADERS} headers (this change would leave ${count})` },
    ]);
  return count ? merged : null;
}
