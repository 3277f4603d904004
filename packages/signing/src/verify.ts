import { timingSafeEqual } from "node:crypto";
import { signatureOf } from "./sign.ts";

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export interface VerifyInput {
  secret: string;
  body: string;
  /** Header values; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  toleranceSeconds?: number;
  /** Unix seconds; defaults to now. */
  now?: number;
}

export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: "missing_headers" | "invalid_timestamp" | "timestamp_out_of_tolerance" | "no_matching_signature" };

function header(headers: VerifyInput["headers"], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Verifies Standard Webhooks headers: any listed `v1,` signature may match. */
export function verify({ secret, body, headers, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now }: VerifyInput): VerifyResult {
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) return { ok: false, reason: "missing_headers" };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "invalid_timestamp" };
  const ts = Number(timestamp);
  const current = now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(current - ts) > toleranceSeconds) return { ok: false, reason: "timestamp_out_of_tolerance" };
  const expected = signatureOf({ secret, id, timestamp: ts, body });
  const match = signatures.split(" ").some((candidate) => safeEqual(candidate, expected));
  return match ? { ok: true } : { ok: false, reason: "no_matching_signature" };
}
