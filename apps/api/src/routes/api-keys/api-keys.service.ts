import { writeAudit } from "@herald/db";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "@herald/crypto";
import type { ApiKeyModel as ApiKey } from "@herald/db";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { pageArgs } from "../../lib/pagination.ts";
import { assertTenantExists } from "../../lib/tenancy.ts";
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
  const role = input.role ?? (tenantId ? "tenant" : "admin");
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

/** Revoking twice is harmless: the first revocation time is kept. */
export async function revokeApiKey({ deps, principal }: Ctx, id: string): Promise<void> {
  const current = await findApiKey({ deps, principal }, id);
  if (current.revokedAt) return;
  await deps.db.$transaction(async (tx) => {
    await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
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
