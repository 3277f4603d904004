import { SECRET_PREFIX } from "./generate-secret.ts";

/**
 * The HMAC key of a secret, as the `standardwebhooks` verifier derives it:
 * the base64-decoded part of a `whsec_` secret, or the UTF-8 bytes of a
 * secret the user chose (its `{ format: "raw" }`).
 */
export function secretKey(secret: string): Buffer {
  if (secret.startsWith(SECRET_PREFIX)) {
    return Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
  }
  return Buffer.from(secret, "utf8");
}
