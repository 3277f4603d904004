import { encrypt } from "@herald/crypto";
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
  previousSecret?: string;
  previousSecretExpiresAt?: Date;
}

/** A webhook row as the management API stores it (secret and header values sealed with the encryption key). */
export function createWebhook(db: Db, f: WebhookFixture) {
  return db.webhook.create({
    data: {
      url: f.url,
      events: f.events ?? ["*"],
      tenantId: f.tenantId ?? null,
      enabled: f.enabled ?? true,
      deletedAt: f.deletedAt ?? null,
      sealedHeaders: f.headers
        ? Object.fromEntries(Object.entries(f.headers).map(([name, value]) => [name, encrypt(value, f.encryptionKey)]))
        : undefined,
      secretEncrypted: encrypt(f.secret, f.encryptionKey),
      previousSecretEncrypted: f.previousSecret ? encrypt(f.previousSecret, f.encryptionKey) : null,
      previousSecretExpiresAt: f.previousSecretExpiresAt ?? null,
    },
  });
}
