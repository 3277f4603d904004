import { hashApiKey } from "@herald/crypto";
import type { ApiKeyModel, Db } from "@herald/db";

/**
 * How long a looked-up key row is trusted. A revocation made through any API
 * instance takes effect on every other one within this; the instance that
 * revoked forgets at once.
 */
export const API_KEY_CACHE_MS = 1_000;
// Bounds memory if a client sprays distinct valid keys; misses are never cached.
const MAX_ENTRIES = 10_000;

export interface ApiKeyCache {
  /** The key's row (revoked ones included), or null when no key has this value. */
  lookup(key: string): Promise<ApiKeyModel | null>;
  /** Forgets every cached row: called after a revocation commits. */
  forget(): void;
}

/**
 * hk_ keys looked up once a second per key and instance instead of once per
 * request. Concurrent lookups of one key share a query.
 */
export function createApiKeyCache(db: Db, { ttlMs = API_KEY_CACHE_MS, now = Date.now } = {}): ApiKeyCache {
  let entries = new Map<string, { at: number; row: Promise<ApiKeyModel | null> }>();
  return {
    lookup(key) {
      const hash = hashApiKey(key);
      const cached = entries.get(hash);
      if (cached && now() - cached.at < ttlMs) return cached.row;
      if (entries.size >= MAX_ENTRIES) entries = new Map();
      const row = db.apiKey.findUnique({ where: { keyHash: hash } });
      const entry = { at: now(), row };
      entries.set(hash, entry);
      // Only rows are kept: a miss or a failed query is asked again next time.
      void row.then(
        (found) => (found ? undefined : entries.get(hash) === entry && entries.delete(hash)),
        () => entries.get(hash) === entry && entries.delete(hash),
      );
      return row;
    },
    forget() {
      entries = new Map();
    },
  };
}
