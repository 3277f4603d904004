import {
  activeSigner,
  buildEnvelope,
  type EnvelopeInput,
  openHeaders,
  type SealedSigning,
  type SendInput,
} from "@herald/delivery";

/**
 * The one signed send's request: the envelope of `event`, signed with the
 * webhook's active secret (and its previous one while it lasts), with its
 * custom headers opened. Attempts and the API's test sends both go through
 * it, then through the same WebhookClient (SSRF guard, timeout).
 * Throws DecryptionError (@herald/crypto) when the secret or a header value
 * cannot be opened with `encryptionKey`: each caller says so in its own way
 * (a failed attempt, a 409).
 */
export function signedRequest({
  webhook,
  event,
  messageId,
  attempt,
  encryptionKey,
}: {
  webhook: SealedSigning & { url: string; sealedHeaders: unknown };
  event: EnvelopeInput;
  /** The `webhook-id` header: the delivery id, the same on every retry. */
  messageId: string;
  attempt: number;
  encryptionKey: string;
}): SendInput {
  const signer = activeSigner(webhook, encryptionKey);
  const headers = openHeaders(webhook.sealedHeaders, encryptionKey);
  return {
    url: webhook.url,
    body: buildEnvelope(event),
    messageId,
    eventType: event.type,
    attempt,
    ...signer,
    headers,
  };
}
