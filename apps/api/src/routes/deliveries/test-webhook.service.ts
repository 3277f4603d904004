import { randomUUID } from "node:crypto";
import { DecryptionError } from "@herald/crypto";
import { activeSigner, buildEnvelope, type WebhookClient } from "@herald/delivery";
import type { Signer } from "@herald/signing";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { findWebhook } from "../webhooks/webhooks.service.ts";

export interface TestSendAnswer {
  success: boolean;
  response_code: number | null;
  duration_ms: number;
  error?: string;
}

/**
 * Sends a signed synthetic event to one webhook, now, through the worker's
 * own HTTP client (same headers, signing, SSRF guard and timeout). Nothing is
 * stored: a test is not a delivery and never shows in stats or the
 * dead-letter queue. Works on a disabled webhook, so it can be checked before
 * being enabled.
 */
export async function sendTestEvent(
  ctx: Ctx & { client: WebhookClient },
  { webhookId, event, data }: { webhookId: string; event: string; data?: Record<string, unknown> },
): Promise<TestSendAnswer> {
  const webhook = await findWebhook(ctx, webhookId);
  const { deps: { config }, client } = ctx;
  let signer: Signer;
  try {
    signer = activeSigner(webhook, config.encryptionKey);
  } catch (err) {
    if (err instanceof DecryptionError) throw new AppError("conflict", "the webhook secret cannot be decrypted with the configured HERALD_ENCRYPTION_KEY");
    throw err;
  }
  const id = `test_${randomUUID()}`;
  const body = buildEnvelope({ id, type: event, createdAt: new Date(), tenantId: webhook.tenantId, data: data ?? { test: true } });
  const result = await client.send({ url: webhook.url, body, messageId: `msg_${id}`, eventType: event, attempt: 1, ...signer, headers: webhook.headers });
  return {
    success: result.ok,
    response_code: result.statusCode,
    duration_ms: result.durationMs,
    ...(result.error && !result.ok ? { error: result.error } : {}),
  };
}
