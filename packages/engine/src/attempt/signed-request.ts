import { type EventModel, publicEventId } from "@herald/db";
import {
  activeSigner,
  buildEnvelope,
  type EnvelopeInput,
  openHeaders,
  type SealedSigning,
  type SendInput,
} from "@herald/delivery";

/**
 * What an event's deliveries carry in their envelope (receivers see the
 * publisher's id). An attempt signs the envelope built from it; the API
 * rebuilds the same bytes from it to show what was sent.
 */
export function envelopeOf(
  event: Pick<EventModel, "id" | "clientId" | "type" | "createdAt" | "tenantId" | "data">,
): EnvelopeInput {
  return {
    id: publicEventId(event),
    type: event.type,
    createdAt: event.createdAt,
    tenantId: event.tenantId,
    data: event.data,
  };
}

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
