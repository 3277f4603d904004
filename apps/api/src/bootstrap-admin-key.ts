import { apiKeyPrefix, generateApiKey, hashApiKey } from "@herald/crypto";
import { type Db, SYSTEM_ACTOR, writeAudit } from "@herald/db";
import type { Logger } from "@herald/config";

/**
 * Held (to the end of the transaction) by whatever decides from the number of
 * active admin keys: the first start's key, and a revocation that must not
 * leave none.
 */
export async function lockAdminKeys(tx: Pick<Db, "$executeRaw">): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('herald:admin-keys'))`;
}

/**
 * Without HERALD_ADMIN_KEY, the first start creates an admin key, stores its
 * hash and prints the key once. Later starts find an admin key row and print
 * nothing secret. An advisory lock keeps two API processes starting together
 * from both generating one.
 */
export async function ensureAdminKey({
  db,
  logger,
  adminKey,
}: {
  db: Db;
  logger: Logger;
  adminKey?: string;
}): Promise<string | null> {
  if (adminKey) return null;
  const key = await db.$transaction(async (tx) => {
    await lockAdminKeys(tx);
    const existing = await tx.apiKey.count({ where: { role: "admin", revokedAt: null } });
    if (existing > 0) return null;
    const generated = generateApiKey();
    const row = await tx.apiKey.create({
      data: {
        name: "bootstrap admin key",
        role: "admin",
        keyHash: hashApiKey(generated),
        keyPrefix: apiKeyPrefix(generated),
      },
    });
    await writeAudit(tx, SYSTEM_ACTOR, {
      tenantId: null,
      action: "api_key.created",
      resourceType: "api_key",
      resourceId: row.id,
      changes: { name: row.name, role: "admin", key_prefix: row.keyPrefix },
    });
    return generated;
  });
  if (key) {
    logger.warn(
      `No HERALD_ADMIN_KEY set: generated an admin API key. It is shown this once and stored only as a hash; keep it now: ${key}`,
    );
  } else {
    logger.info(
      "No HERALD_ADMIN_KEY set: using the admin API key generated on first start (create more with POST /api/v1/api-keys)",
    );
  }
  return key;
}
