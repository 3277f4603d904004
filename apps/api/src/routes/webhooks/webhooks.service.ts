import { encrypt } from "@herald/crypto";
import { Prisma, type WebhookModel as Webhook, writeAudit } from "@herald/db";
import { retireWebhooks, setWebhookEnabled, enqueueDeliveries } from "@herald/engine";
import { sealHeaders } from "@herald/delivery";
import { generateSecret } from "@herald/signing";
import { checkTargetUrl } from "@herald/ssrf";
import type { AppDeps, Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { pageArgs } from "../../lib/pagination.ts";
import { assertTenantExists, lockTenant, namedTenant, webhookScope } from "../../lib/tenancy.ts";
import type { Principal } from "../../middleware/authenticate.ts";
import { maskHeaders, mergeHeaders } from "./webhook-headers.ts";
import { newSigningKey } from "./signing-keys.ts";
import type { CreateWebhookInput, SignatureScheme, UpdateWebhookInput, WebhookOut } from "./webhooks.schemas.ts";

async function assertTargetAllowed(deps: AppDeps, url: string): Promise<void> {
  const check = await checkTargetUrl(url, {
    allowHttp: deps.config.allowHttp,
    allowPrivateTargets: deps.config.allowPrivateTargets,
  });
  if (!check.ok)
    throw new AppError("unprocessable_entity", `url ${check.reason}`, [
      { field: "url", message: `url: ${check.reason}` },
    ]);
}

/** Global webhooks are admin business; for a tenant key they do not exist. */
function assertMayOwn(principal: Principal, tenantId: string | null): void {
  if (tenantId === null && principal.role !== "admin") throw AppError.notFound("webhook");
}

async function assertUnderLimit(
  tx: Prisma.TransactionClient,
  { tenantId, max }: { tenantId: string; max: number },
): Promise<void> {
  const count = await tx.webhook.count({ where: { tenantId, deletedAt: null } });
  if (count >= max) {
    throw new AppError("limit_exceeded", `this tenant already has ${count} webhooks (the limit is ${max})`, [
      { field: "tenant_id", message: `at most ${max} webhooks per tenant` },
    ]);
  }
}

export async function findWebhook({ deps, principal }: Ctx, id: string): Promise<WebhookRow> {
  const row = await deps.db.webhook.findFirst({ where: { id, ...webhookScope(principal) } });
  if (!row) throw AppError.notFound("webhook");
  return row;
}

export async function createWebhook(
  { deps, principal }: Ctx,
  input: CreateWebhookInput,
): Promise<{ row: WebhookRow; secret: string }> {
  const tenantId = namedTenant(principal, input.tenant_id) ?? null;
  assertMayOwn(principal, tenantId);
  await assertTargetAllowed(deps, input.url);
  const secret = input.secret ?? generateSecret();
  const row = await deps.db.$transaction(async (tx) => {
    if (tenantId) {
      await assertTenantExists(tx, tenantId);
      await lockTenant(tx, tenantId);
      await assertUnderLimit(tx, { tenantId, max: deps.config.maxWebhooksPerTenant });
    }
    const created = await tx.webhook.create({
      data: {
        tenantId,
        url: input.url,
        events: input.events,
        secretEncrypted: encrypt(secret, deps.config.encryptionKey),
        description: input.description ?? null,
        enabled: input.enabled ?? true,
        sealedHeaders: input.headers ? (sealHeaders(input.headers, deps.config.encryptionKey) ?? undefined) : undefined,
        rateLimit: input.rate_limit ?? null,
        maxInFlight: input.max_in_flight ?? null,
        ordering: input.ordering ?? "unordered",
        fifoOnFailure: input.fifo_on_failure ?? "skip",
        notificationEmail: input.notification_email ?? null,
        ...(input.signature_scheme === "ed25519"
          ? { signatureScheme: "ed25519", ...newSigningKey(deps.config.encryptionKey) }
          : {}),
        filter: (input.filter ?? undefined) as Prisma.InputJsonObject | undefined,
      },
    });
    await writeAudit(tx, principal, {
      tenantId,
      action: "webhook.created",
      resourceType: "webhook",
      resourceId: created.id,
      changes: auditView(created),
    });
    return created;
  });
  return { row, secret };
}

/**
 * The change of a PATCH. Switching to ed25519 makes a key pair unless the
 * webhook kept one from an earlier ed25519 period (its receivers may still
 * hold that public key); switching back to hmac-sha256 signs with the secret
 * again and keeps the key pair for later.
 */
function updateData(
  input: UpdateWebhookInput,
  {
    encryptionKey,
    hasSigningKey,
    sealedHeaders,
  }: { encryptionKey: string; hasSigningKey: boolean; sealedHeaders: unknown },
): Prisma.WebhookUncheckedUpdateInput {
  const data: Prisma.WebhookUncheckedUpdateInput = {};
  if (input.signature_scheme !== undefined) data.signatureScheme = input.signature_scheme;
  if (input.signature_scheme === "ed25519" && !hasSigningKey) Object.assign(data, newSigningKey(encryptionKey));
  if (input.url !== undefined) data.url = input.url;
  if (input.events !== undefined) data.events = input.events;
  if (input.description !== undefined) data.description = input.description;
  if (input.headers !== undefined) {
    const merged = input.headers && mergeHeaders({ sealed: sealedHeaders, change: input.headers, encryptionKey });
    data.sealedHeaders = merged ?? Prisma.DbNull;
  }
  if (input.rate_limit !== undefined) data.rateLimit = input.rate_limit;
  if (input.max_in_flight !== undefined) data.maxInFlight = input.max_in_flight;
  if (input.ordering !== undefined) data.ordering = input.ordering;
  if (input.fifo_on_failure !== undefined) data.fifoOnFailure = input.fifo_on_failure;
  if (input.notification_email !== undefined) data.notificationEmail = input.notification_email;
  if (input.filter !== undefined)
    data.filter = input.filter === null ? Prisma.DbNull : (input.filter as Prisma.InputJsonObject);
  if (input.secret !== undefined) data.secretEncrypted = encrypt(input.secret, encryptionKey);
  return data;
}

/**
 * A webhook's tenant is fixed at creation. Its deliveries (and a global
 * webhook's, of every tenant) are listed, recovered, retried and counted
 * through the webhook, so moving it would hand one tenant's history to
 * another; a webhook for another tenant (or global) is a new webhook.
 */
function assertSameTenant(current: WebhookRow, tenantId: string | null): void {
  if (tenantId === current.tenantId) return;
  throw new AppError("conflict", "tenant_id: a webhook's tenant cannot change; create a new webhook", [
    { field: "tenant_id", message: "tenant_id: a webhook's tenant cannot change; create a new webhook" },
  ]);
}

/**
 * Enabling or disabling goes through the engine's setWebhookEnabled in the
 * same transaction, which raises herald.endpoint.enabled/disabled once per
 * real transition, however many operators or workers change the flag at once.
 */
export async function updateWebhook(
  { deps, principal }: Ctx,
  { id, input }: { id: string; input: UpdateWebhookInput },
): Promise<WebhookRow> {
  const current = await findWebhook({ deps, principal }, id);
  if (input.tenant_id !== undefined) assertSameTenant(current, namedTenant(principal, input.tenant_id));
  if (input.url !== undefined) await assertTargetAllowed(deps, input.url);
  const { updated, jobs } = await deps.db.$transaction(async (tx) => {
    // Read under the lock: a concurrent PATCH of the headers is merged into, not lost.
    const [locked] = await tx.$queryRaw<Array<{ hasSigningKey: boolean; sealedHeaders: unknown }>>`
      SELECT signing_key_encrypted IS NOT NULL AS "hasSigningKey", sealed_headers AS "sealedHeaders"
      FROM webhooks WHERE id = ${current.id}::uuid AND deleted_at IS NULL FOR UPDATE`;
    if (!locked) throw AppError.notFound("webhook");
    const data = updateData(input, { encryptionKey: deps.config.encryptionKey, ...locked });
    let updated = await tx.webhook.update({ where: { id: current.id, deletedAt: null }, data });
    // The flag changes as the worker's auto-disable changes it (one rule), raising its herald.endpoint.* event.
    const jobs =
      input.enabled === undefined
        ? null
        : await setWebhookEnabled(tx, {
            webhook: updated,
            enabled: input.enabled,
            trigger: "manual",
            at: updated.updatedAt,
          });
    if (jobs) updated = await tx.webhook.findUniqueOrThrow({ where: { id: current.id } });
    const before = auditView(current);
    const after = auditView(updated);
    const changes: Record<string, unknown> = Object.fromEntries(
      Object.keys(after)
        .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
        .map((k) => [k, { from: before[k], to: after[k] }]),
    );
    // writeAudit redacts the value; the entry still shows the secret changed.
    if (input.secret !== undefined) changes.secret = "changed";
    // Header values are secrets too: the entry names the headers before and after, even when only values changed.
    if (input.headers !== undefined) changes.headers = { from: before.headers, to: after.headers };
    await writeAudit(tx, principal, {
      tenantId: updated.tenantId,
      action: "webhook.updated",
      resourceType: "webhook",
      resourceId: id,
      changes,
    });
    return { updated, jobs: jobs ?? [] };
  });
  await enqueueDeliveries({ queues: deps.deliveryQueues, jobs });
  return updated;
}

/** Soft delete, so delivery history stays readable; pending deliveries are cancelled with it. */
export async function deleteWebhook({ deps, principal }: Ctx, id: string): Promise<void> {
  const current = await findWebhook({ deps, principal }, id);
  await deps.db.$transaction(async (tx) => {
    const retired = await retireWebhooks(tx, { webhookId: current.id });
    if (retired.webhooks === 0) throw AppError.notFound("webhook");
    await writeAudit(tx, principal, {
      tenantId: current.tenantId,
      action: "webhook.deleted",
      resourceType: "webhook",
      resourceId: id,
      changes: { deliveries_cancelled: retired.deliveriesCancelled },
    });
  });
}

export async function listWebhooks(
  { deps, principal }: Ctx,
  { tenantId, limit, cursor }: { tenantId?: string; limit: number; cursor?: string },
): Promise<WebhookRow[]> {
  const page = pageArgs({ limit, cursor });
  return deps.db.webhook.findMany({
    ...page,
    where: { ...page.where, ...(tenantId ? { tenantId } : {}), ...webhookScope(principal) },
  });
}

export type WebhookRow = Webhook;

/** The API shape of a webhook. Never includes a secret, private key or header value, sealed or not. */
export function renderWebhook(row: WebhookRow): WebhookOut {
  return {
    id: row.id,
    tenant_id: row.tenantId,
    url: row.url,
    description: row.description,
    events: row.events,
    enabled: row.enabled,
    disabled_reason: row.disabledReason,
    disabled_at: row.disabledAt?.toISOString() ?? null,
    headers: maskHeaders(row.sealedHeaders),
    rate_limit: row.rateLimit,
    max_in_flight: row.maxInFlight,
    ordering: row.ordering,
    fifo_on_failure: row.fifoOnFailure,
    notification_email: row.notificationEmail,
    signature_scheme: row.signatureScheme as SignatureScheme,
    // A key pair kept from an earlier ed25519 period signs nothing under hmac-sha256.
    public_key: row.signatureScheme === "ed25519" ? row.publicKey : null,
    filter: (row.filter as Record<string, unknown> | null) ?? null,
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a webhook: the API shape minus timestamps, and header names only. */
function auditView(row: WebhookRow): Record<string, unknown> {
  const { created_at: _c, updated_at: _u, headers, ...rest } = renderWebhook(row);
  return { ...rest, headers: headers ? Object.keys(headers).sort() : null };
}
