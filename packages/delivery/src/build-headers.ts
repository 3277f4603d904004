import { sign } from "@herald/signing";
import { USER_AGENT } from "./version.ts";

const tokenName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Herald's own headers: a webhook's custom headers never replace them.
const reserved = new Set(["content-type", "content-length", "user-agent", "host", "connection", "transfer-encoding", "webhook-id", "webhook-timestamp", "webhook-signature", "x-webhook-signature", "x-webhook-event", "x-webhook-attempt"]);

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
    if (typeof value !== "string" || !tokenName.test(name) || reserved.has(lower) || (tracing && traceContext.has(lower)) || /[\r\n\0]/.test(value)) continue;
    out[lower] = value;
  }
  return out;
}

export interface HeaderInput {
  /** `webhook-id`: the same for every attempt of one delivery. */
  messageId: string;
  eventType: string;
  attempt: number;
  body: string;
  secrets: readonly string[];
  custom?: unknown;
  /** Unix seconds of this attempt: each attempt is signed when it is sent. */
  timestamp: number;
  /** W3C trace context of the attempt's span, sent when HERALD_PROPAGATE_TRACE is on. */
  traceparent?: string;
}

export function buildHeaders({ messageId, eventType, attempt, body, secrets, custom, timestamp, traceparent }: HeaderInput): Record<string, string> {
  const headers: Record<string, string> = {
    ...customHeaders(custom, { tracing: traceparent !== undefined }),
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    ...sign({ secrets, id: messageId, timestamp, body }),
    "x-webhook-event": eventType,
    "x-webhook-attempt": String(attempt),
  };
  if (traceparent !== undefined) headers.traceparent = traceparent;
  return headers;
}
