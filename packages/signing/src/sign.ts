import { createHmac, type KeyObject } from "node:crypto";
import { asymmetricSignatureOf } from "./ed25519.ts";
import { secretKey } from "./secret-key.ts";

/**
 * What signs a webhook's messages, newest first: HMAC secrets (`v1,`
 * signatures, scheme hmac-sha256) or Ed25519 private keys (`v1a,`, scheme
 * ed25519). During a rotation the previous one signs too.
 */
export type Signer = { secrets: readonly string[] } | { signingKeys: readonly KeyObject[] };

export type SignInput = Signer & {
  /** The message id, stable across retries (`webhook-id`). */
  id: string;
  /** Unix seconds at the moment of sending. */
  timestamp: number;
  body: string;
};

export type SignatureHeaders = {
  "webhook-id": string;
  "webhook-timestamp": string;
  "webhook-signature": string;
  /** HMAC only: an Ed25519 webhook has no shared secret to key it with. */
  "x-webhook-signature"?: string;
};

/** Standard Webhooks signature of one secret: base64 HMAC-SHA256 of `{id}.{timestamp}.{body}`. */
export function signatureOf({
  secret,
  id,
  timestamp,
  body,
}: {
  secret: string;
  id: string;
  timestamp: number;
  body: string;
}): string {
  const mac = createHmac("sha256", secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/**
 * Hex HMAC-SHA256 of the raw body keyed with the secret string as the user
 * holds it: the simplest check a receiver can write (one HMAC call in Node or Python).
 */
export function bodySignatureOf({ secret, body }: { secret: string; body: string }): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(body).digest("hex");
}

/** The signing headers for one attempt. */
export function sign(input: SignInput): SignatureHeaders {
  const { id, timestamp, body } = input;
  const base = { "webhook-id": id, "webhook-timestamp": String(timestamp) };
  if ("signingKeys" in input) {
    if (input.signingKeys.length === 0) throw new Error("sign needs at least one signing key");
    return {
      ...base,
      "webhook-signature": input.signingKeys
        .map((key) => asymmetricSignatureOf({ key, id, timestamp, body }))
        .join(" "),
    };
  }
  const { secrets } = input;
  const [current] = secrets;
  if (current === undefined) throw new Error("sign needs at least one secret");
  return {
    ...base,
    "webhook-signature": secrets.map((secret) => signatureOf({ secret, id, timestamp, body })).join(" "),
    "x-webhook-signature": bodySignatureOf({ secret: current, body }),
  };
}
