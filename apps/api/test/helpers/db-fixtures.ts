import { generateApiKey, hashApiKey, apiKeyPrefix } from "@herald/crypto";
import type { Db } from "@herald/db";

// Webhook rows as the management API stores them (secret sealed), written directly
// so delivery tests do not depend on the webhooks CRUD endpoints.
export { createWebhook } from "@herald/testkit/rows";

export function createTenant(db: Db, name = "acme") {
  return db.tenant.create({ data: { name } });
}

/** A tenant-scoped API key; returns the `Authorization` header value. */
export async function createTenantKey(db: Db, tenantId: string): Promise<string> {
  const key = generateApiKey();
  await db.apiKey.create({
    data: { name: "test", role: "tenant", tenantId, keyHash: hashApiKey(key), keyPrefix: apiKeyPrefix(key) },
  });
  return `Bearer ${key}`;
}
