import { randomBytes } from "node:crypto";

export const SECRET_PREFIX = "whsec_";

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function generateSecret(bytes = 32): string {
  if (bytes < 24) throw new RangeError("a webhook secret needs at least 24 random bytes");
  return SECRET_PREFIX + randomBytes(bytes).toString("base64");
}
