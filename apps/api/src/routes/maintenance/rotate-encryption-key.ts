import { writeAudit } from "@herald/db";
import { DecryptionError, reencrypt } from "@herald/crypto";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";

type Sealed = {
  id: string;
  secretEncrypted: string;
  previousSecretEncrypted: string | null;
  signingKeyEncrypted: string | null;
  previousSigningKeyEncrypted: string | null;
  sealedHeaders: Record<string, string> | null;
};

function reseal(value: string, { oldKey, newKey }: { oldKey: string; newKey: string }): string {
  try {
    return reencrypt(value, oldKey, newKey);
  } catch (err) {
    if (err instanceof DecryptionError)
      throw new AppError("unprocessable_entity", "old_key does not open the stored secrets; nothing was changed", [
        { field: "old_key", message: "old_key: does not decrypt the stored secrets" },
      ]);
    throw err;
  }
}

/**
 * Re-seals every sealed value of every webhook (the secret and the previous
 * one, the ed25519 private key and the previous one, each custom header
 * value; deleted webhooks included) in one transaction: one value the old
 * key cannot open rolls back everything. The rows are locked so a concurrent
 * create or PATCH cannot slip a value sealed with the old key in between.
 */
export async function rotateEncryptionKey({ deps, principal }: Ctx, keys: { oldKey: string; newKey: string }) {
  const resealOptional = (value: string | null) => (value === null ? null : reseal(value, keys));
  return deps.db.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Sealed[]>`
        SELECT id, secret_encrypted AS "secretEncrypted", previous_secret_encrypted AS "previousSecretEncrypted",
          signing_key_encrypted AS "signingKeyEncrypted", previous_signing_key_encrypted AS "previousSigningKeyEncrypted",
          sealed_headers AS "sealedHeaders"
        FROM webhooks ORDER BY id FOR UPDATE`;
      let secrets = 0;
      for (const row of rows) {
        const data = {
          secretEncrypted: reseal(row.secretEncrypted, keys),
          previousSecretEncrypted: resealOptional(row.previousSecretEncrypted),
          signingKeyEncrypted: resealOptional(row.signingKeyEncrypted),
          previousSigningKeyEncrypted: resealOptional(row.previousSigningKeyEncrypted),
        };
        const headers = Object.entries(row.sealedHeaders ?? {}).map(([name, value]) => [name, reseal(value, keys)]);
        await tx.webhook.update({
          where: { id: row.id },
          data: { ...data, ...(headers.length ? { sealedHeaders: Object.fromEntries(headers) } : {}) },
        });
        secrets += Object.values(data).filter((v) => v !== null).length + headers.length;
      }
      await writeAudit(tx, principal, {
        tenantId: null,
        action: "encryption_key.rotated",
        resourceType: "maintenance",
        changes: { webhooks_rotated: rows.length, secrets_rotated: secrets },
      });
      return { webhooksRotated: rows.length, secretsRotated: secrets };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
