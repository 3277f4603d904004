import { createHmac } from "node:crypto";
import { secretKey } from "./secret-key.ts";

export interface SignInput {
  /** Every active secret, newest first; each adds one `v1,` signature. */
  secrets: readonly string[];
  /** The message id, stable across retries (`webhook-id`). */
  id: string;
  /** Unix seconds at the moment of sending. */
  timestamp: number;
  body: string;
}

export type SignatureHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
  "x-webhook-signature": string;
};

/** Standard Webhooks signature of one secret: base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`. */
export function signatureOf({ secret, id, timestamp, body }: { secret: string; id: string; timestamp: number; body: string }): string {
  const mac = createHmac("sha256", secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/**
 * Hex HMAC-SHA256 of the raw body keyed with the secret string as the user
 * holds it: what the seeds' Node and Python snippets compute.
 */
export function bodySignatureOf({ secret, body }: { secret: string; body: string }): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(body).digest("hex");
}

/** The signing headers for one attempt. */
export function sign({ secrets, id, timestamp, body }: SignInput): SignatureHeaders {
  const [current] = secrets;
  if (current === undefined) throw new Error("sign needs at least one secret");
  return {
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": secrets.map((secret) => signatureOf({ secret, id, timestamp, body })).join(" "),
    "x-webhook-signature": bodySignatureOf({ secret: current, body }),
  };
}
