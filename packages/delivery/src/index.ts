export {
  candidatePatterns,
  isEventPattern,
  isEventType,
  isOperationalType,
  matchesEventType,
  MAX_EVENT_TYPE_LENGTH,
  OPERATIONAL_NAMESPACE,
  type PatternScope,
  patternScope,
} from "./event-patterns.ts";
export { buildEnvelope } from "./envelope.ts";
export type { EnvelopeInput } from "./envelope.ts";
export { activeSecrets, activeSigner, openHeaders, sealHeaders } from "./webhook-secrets.ts";
export type { SealedHeaders, SealedSecrets, SealedSigning } from "./webhook-secrets.ts";
export { createWebhookClient } from "./webhook-client.ts";
export { SEND_METHOD } from "./webhook-client.ts";
export type { ClientPolicy, SendInput, SendResult, SentRequest, WebhookClient } from "./webhook-client.ts";
export {
  buildHeaders,
  customHeaders,
  isHeaderName,
  isReservedHeader,
  isSendableHeaderValue,
  MASKED_HEADER_VALUE,
} from "./build-headers.ts";
export { parseRetryAfter, RESPONSE_EXCERPT_BYTES } from "./read-response.ts";
export { USER_AGENT } from "./version.ts";
export { operationalData, operationalRecord, shownUrl } from "./operational-events.ts";
export type {
  EndpointSubject,
  OperationalEvent,
  OperationalEventType,
  OperationalRecord,
} from "./operational-events.ts";
export { BUILT_IN_EVENT_TYPES, builtInEventType } from "./operational-event-catalog.ts";
export type { BuiltInEventType } from "./operational-event-catalog.ts";
