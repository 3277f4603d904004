import { encrypt, generateApiKey, hashApiKey, apiKeyPrefix } from "@herald/crypto";
import type { Db } from "@herald/db";

export interface WebhookFixture {
  url: string;
  secret: string;
  encryptionKey: string;
  events?: string[];
  tenantId?: string | null;
  enabled?: boolean;
  deletedAt?: Date | null;
  headers?: Record<string, string>;
}

/**
 * A webhook row as the management API stores it (secret sealed with the
 * encryption key), written directly so delivery tests do not depend on the
 * webhooks CRUD endpoints.
 */
export function createWebhook(db: Db, f: WebhookFixture) {
  return db.webhook.create({
    data: {
      url: f.url,
      events: f.events ?? ["*"],
      tenantId: f.tenantId ?? null,
      enabled: f.enabled ?? true,
      deletedAt: f.deletedAt ?? null,
      headers: f.headers,
      secretEncrypted: encrypt(f.secret, f.encryptionKey),
    },
  });
}

export function createTenant(db: Db, name = "acme") {
  return db.tenant.create({ data: { name } });
}

/** A tenant-scoped API key; returns the `Authorization` header value. */
export async function createTenantKey(db: Db, tenantId: string): Promise<string> {
  const key = generateApiKey();
  await db.apiKey.create({ data: { name: "test", role: "tenant", tenantId, keyHash: hashApiKey(key), keyPrefix: apiKeyPrefix(key) } });
  return `Bearer ${key}`;
}
