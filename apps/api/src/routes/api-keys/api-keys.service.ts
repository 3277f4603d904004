import { writeAudit } from "@herald/db";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@herald/crypto";
import type { ApiKeyModel as ApiKey } from "@herald/db";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { pageArgs } from "../../lib/pagination.ts";
import { assertTenantExists } from "../../lib/tenancy.ts";
import { lockAdminKeys } from "../../bootstrap-admin-key.ts";
import type { ApiKeyOut, CreateApiKeyInput } from "./api-keys.schemas.ts";

export function renderApiKey(row: ApiKey): ApiKeyOut {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    tenant_id: row.tenantId,
    key_prefix: row.keyPrefix,
    created_at: row.createdAt.toISOString(),
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}

/** Only the hash is stored; the key is returned once, to the caller. */
export async function createApiKey(
  { deps, principal }: Ctx,
  input: CreateApiKeyInput,
): Promise<{ row: ApiKey; key: string }> {
  const tenantId = input.tenant_id ?? null;
  const role = input.admin === true ? "admin" : "tenant";
  const key = generateApiKey();
  const row = await deps.db.$transaction(async (tx) => {
    if (tenantId) await assertTenantExists(tx, tenantId);
    const created = await tx.apiKey.create({
      data: { name: input.name, role, tenantId, keyHash: hashApiKey(key), keyPrefix: apiKeyPrefix(key) },
    });
    await writeAudit(tx, principal, {
      tenantId,
      action: "api_key.created",
      resourceType: "api_key",
      resourceId: created.id,
      changes: { name: created.name, role, key_prefix: created.keyPrefix },
    });
    return created;
  });
  return { row, key };
}

export async function findApiKey({ deps }: Ctx, id: string): Promise<ApiKey> {
  const row = await deps.db.apiKey.findUnique({ where: { id } });
  if (!row) throw AppError.notFound("API key");
  return row;
}

export async function listApiKeys(
  { deps }: Ctx,
  q: { tenantId?: string; includeRevoked: boolean; limit: number; cursor?: string },
): Promise<ApiKey[]> {
  const page = pageArgs(q);
  return deps.db.apiKey.findMany({
    ...page,
    where: {
      ...page.where,
      ...(q.tenantId ? { tenantId: q.tenantId } : {}),
      ...(q.includeRevoked ? {} : { revokedAt: null }),
    },
  });
}

/**
 * Revoking twice is harmless: the first revocation time is kept. The last
 * active admin key (with no HERALD_ADMIN_KEY set) is not revoked: 409, so
 * nobody is locked out. The admin keys are locked first, so two revocations
 * at once of the last two cannot both pass (ensureAdminKey takes the same lock).
 */
export async function revokeApiKey({ deps, principal }: Ctx, id: string): Promise<void> {
  const current = await findApiKey({ deps, principal }, id);
  if (current.revokedAt) return;
  await deps.db.$transaction(async (tx) => {
    if (current.role === "admin") {
      await lockAdminKeys(tx);
      const others = await tx.apiKey.count({ where: { role: "admin", revokedAt: null, id: { not: id } } });
      if (others === 0 && !deps.config.adminKey) throw lastAdminKey();
    }
    // Conditional: a revocation that won a race keeps its time.
    await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    await writeAudit(tx, principal, {
      tenantId: current.tenantId,
      action: "api_key.revoked",
      resourceType: "api_key",
      resourceId: id,
      changes: { key_prefix: current.keyPrefix },
    });
  });
  deps.apiKeys.forget();
}

function lastAdminKey(): AppError {
  const message =
    "this is the last active admin key: create another admin key first (POST /api/v1/api-keys with admin: true); " +
    "docs/api-keys.md says how to get back in without one";
  return new AppError("conflict", message, [{ field: "id", message: `id: ${message}` }]);
}
