import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";

/** Kept of each answer: enough to debug an endpoint, bounded so a receiver cannot fill the database. */
export const RESPONSE_EXCERPT_BYTES = 4096;
// Past this the rest of a large answer is dropped with its socket rather than read.
const DRAIN_LIMIT_BYTES = 256 * 1024;
const MAX_HEADERS = 30;

export interface ReadResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  excerpt: string;
}

/** Postgres text cannot hold NUL; a receiver's binary answer must not break the attempt row. */
function toStorableText(bytes: Buffer): string {
  return bytes.toString("utf8").replaceAll("\u0000", "");
}

export function excerptHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const entries = Object.entries(headers).slice(0, MAX_HEADERS);
  return Object.fromEntries(
    entries.map(([name, value]) => [
      name,
      String(Array.isArray(value) ? value.join(", ") : (value ?? "")).slice(0, 256),
    ]),
  );
}

/**
 * Reads a got request stream: the status and headers, and the first 4 KiB of
 * the body. Rejects with the request's error (timeout, refused, blocked).
 */
export function readResponse(stream: Readable & { destroy(): void }): Promise<ReadResponse> {
  return new Promise((resolve, reject) => {
    let statusCode = 0;
    let headers: IncomingHttpHeaders = {};
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let total = 0;
    const finish = () => resolve({ statusCode, headers, excerpt: toStorableText(Buffer.concat(kept)) });
    stream.on("response", (res: { statusCode?: number; headers: IncomingHttpHeaders }) => {
      statusCode = res.statusCode ?? 0;
      headers = res.headers;
    });
    stream.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (keptBytes < RESPONSE_EXCERPT_BYTES) {
        const part = chunk.subarray(0, RESPONSE_EXCERPT_BYTES - keptBytes);
        kept.push(part);
        keptBytes += part.length;
      }
      if (total > DRAIN_LIMIT_BYTES) {
        stream.removeAllListeners("end");
        stream.removeAllListeners("error");
        stream.on("error", () => undefined);
        stream.destroy();
        finish();
      }
    });
    stream.on("end", finish);
    stream.on("error", reject);
  });
}

/**
 * A `Retry-After` value (delta seconds or an HTTP date) in milliseconds from
 * `now`; undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date names its day and month; Date.parse alone would also take "-5" or "1.5".
  if (!/[a-z]{3}/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
