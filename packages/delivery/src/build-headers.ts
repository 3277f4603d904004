import { sign, type Signer } from "@herald/signing";
import { USER_AGENT } from "./version.ts";

const tokenName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Herald's own headers (and every webhook-* / x-webhook-* name it may add): a webhook's custom headers never replace them.
const reserved =
  /^(host|content-type|content-length|connection|transfer-encoding|user-agent|webhook-.*|x-webhook-.*)$/i;

/** Whether Herald sets this header itself, so a webhook may not configure it. */
export function isReservedHeader(name: string): boolean {
  return reserved.test(name);
}

// Herald's while it propagates trace context (HERALD_PROPAGATE_TRACE): a webhook's own would contradict it.
const traceContext = new Set(["traceparent", "tracestate"]);

/**
 * A webhook's custom headers that are safe to send (names are tokens, values
 * hold no line breaks); with `tracing`, its traceparent and tracestate are
 * left out too.
 */
export function customHeaders(raw: unknown, { tracing = false } = {}): Record<string, string> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    const lower = name.toLowerCase();
    if (
      typeof value !== "string" ||
      !tokenName.test(name) ||
      isReservedHeader(lower) ||
      (tracing && traceContext.has(lower)) ||
      /[\r\n\0]/.test(value)
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
  custom?: unknown;
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
