import { publicKeyObject, verifiesAsymmetric } from "./ed25519.ts";
import { safeEqual } from "./safe-equal.ts";
import { signatureOf } from "./sign.ts";

export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;

export type VerifyInput = (
  | { secret: string }
  /** A `whpk_` key: checks the `v1a,` (Ed25519) entries. */
  | { publicKey: string }
) & {
  body: string;
  /** Header values; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  toleranceSeconds?: number;
  /** Unix seconds; defaults to now. */
  now?: number;
};

export type VerifyResult =
  | { ok: true }
  | {
      ok: false;
      reason: "missing_headers" | "invalid_timestamp" | "timestamp_out_of_tolerance" | "no_matching_signature";
    };

function header(headers: VerifyInput["headers"], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

type Message = { id: string; timestamp: number; body: string };

function matchesSecret(entries: string[], secret: string, message: Message): boolean {
  const expected = signatureOf({ secret, ...message });
  return entries.some((candidate) => safeEqual(candidate, expected));
}

function matchesPublicKey(entries: string[], publicKey: string, message: Message): boolean {
  const key = publicKeyObject(publicKey);
  return entries.some((entry) => verifiesAsymmetric({ entry, key, ...message }));
}

/** Verifies Standard Webhooks headers: any listed `v1,` (secret) or `v1a,` (public key) signature may match. */
export function verify(input: VerifyInput): VerifyResult {
  const { body, headers, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS, now } = input;
  const id = header(headers, "webhook-id");
  const timestamp = header(headers, "webhook-timestamp");
  const signatures = header(headers, "webhook-signature");
  if (!id || !timestamp || !signatures) return { ok: false, reason: "missing_headers" };
  if (!/^\d+$/.test(timestamp)) return { ok: false, reason: "invalid_timestamp" };
  const ts = Number(timestamp);
  const current = now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(current - ts) > toleranceSeconds) return { ok: false, reason: "timestamp_out_of_tolerance" };
  const entries = signatures.split(" ");
  const match =
    "publicKey" in input
      ? matchesPublicKey(entries, input.publicKey, { id, timestamp: ts, body })
      : matchesSecret(entries, input.secret, { id, timestamp: ts, body });
  return match ? { ok: true } : { ok: false, reason: "no_matching_signature" };
}
