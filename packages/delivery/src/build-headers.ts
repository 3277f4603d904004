import { sign, type Signer } from "@herald/signing";
import { USER_AGENT } from "./version.ts";

const tokenName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Herald's own headers, and the ones that frame or route the request, which node's HTTP client sets itself or
// refuses (Trailer fails every attempt) and a receiver would misread: a webhook's custom headers never replace them.
const reservedNames = new Set([
  "host",
  "content-type",
  "content-length",
  "content-encoding",
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  "expect",
  "user-agent",
]);
// Every webhook-* / x-webhook-* name Herald sends or may add.
const reservedPrefix = /^(x-)?webhook-/;
// What node's http.validateHeaderValue accepts: tab, visible ASCII, space, and Latin-1 above 0x7f; anything else
// (control characters, DEL, line breaks, characters past U+00FF) makes every attempt throw ERR_INVALID_CHAR.
const sendableValue = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Whether Herald or the HTTP request itself owns this header, so a webhook may not configure it. */
export function isReservedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return reservedNames.has(lower) || reservedPrefix.test(lower);
}

/** Whether `name` is an HTTP token (what node's http.validateHeaderName accepts). */
export function isHeaderName(name: string): boolean {
  return tokenName.test(name);
}

/** Whether node's HTTP client can send `value` as a header value. */
export function isSendableHeaderValue(value: string): boolean {
  return sendableValue.test(value);
}

/** What answers show for every custom header value: the values are write-only secrets, like the signing secret. */
export const MASKED_HEADER_VALUE = "***";

/**
 * Headers as they were sent, for showing: the value of every header the
 * webhook's custom headers supplied (a credential, often) replaced by the mask.
 */
export function maskCustomHeaders(
  sent: Record<string, string>,
  custom: Record<string, string> | null | undefined,
): Record<string, string> {
  const names = new Set(Object.keys(custom ?? {}).map((name) => name.toLowerCase()));
  return Object.fromEntries(
    Object.entries(sent).map(([name, value]) => [name, names.has(name.toLowerCase()) ? MASKED_HEADER_VALUE : value]),
  );
}

// Herald's while it propagates trace context (HERALD_PROPAGATE_TRACE): a webhook's own would contradict it.
const traceContext = new Set(["traceparent", "tracestate"]);

/**
 * A webhook's custom headers (opened: name -> clear value) that are safe to
 * send, by the same rules the API checks on input, so a row written before a
 * rule existed cannot fail every attempt; with `tracing`, its traceparent and
 * tracestate are left out too.
 */
export function customHeaders(
  headers: Record<string, string> | null | undefined,
  { tracing = false } = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (
      !isHeaderName(name) ||
      isReservedHeader(lower) ||
      (tracing && traceContext.has(lower)) ||
      !isSendableHeaderValue(value)
    )
      continue;
    out[lower] = value;
  }
  return out;
}

export type HeaderInput = Signer & {
  /** `webhook-id`: the same for every attempt of one delivery. */
  messageId: string;
  eventType: string;
  attempt: number;
  body: string;
  /** The webhook's custom headers, opened (see openHeaders). */
  custom?: Record<string, string> | null;
  /** Unix seconds of this attempt: each attempt is signed when it is sent. */
  timestamp: number;
  /** W3C trace context of the attempt's span, sent when HERALD_PROPAGATE_TRACE is on. */
  traceparent?: string;
};

/** Herald's headers for one attempt, signed with the webhook's scheme (an Ed25519 webhook gets no `x-webhook-signature`). */
export function buildHeaders(input: HeaderInput): Record<string, string> {
  const { messageId, eventType, attempt, custom, traceparent } = input;
  const headers: Record<string, string> = {
    ...customHeaders(custom, { tracing: traceparent !== undefined }),
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    ...(sign({ ...input, id: messageId }) as Record<string, string>),
    "x-webhook-event": eventType,
    "x-webhook-attempt": String(attempt),
  };
  if (traceparent !== undefined) headers.traceparent = traceparent;
  return headers;
}
