import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "hk_";

/** A new API key: `hk_` + 32 random bytes, base64url. Shown once, stored as a hash. */
export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString("base64url");
}

/**
 * SHA-256 is enough here: keys carry 256 bits of entropy, so there is nothing
 * for a slow hash to protect against, and lookups stay one indexed query.
 */
export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** What operators see to tell keys apart: `hk_` + the first 6 characters. */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}
