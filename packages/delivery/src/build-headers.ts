import { sign } from "@herald/signing";
import { USER_AGENT } from "./version.ts";

const tokenName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Herald's own headers: a webhook's custom headers never replace them.
const reserved = new Set(["content-type", "content-length", "user-agent", "host", "connection", "transfer-encoding", "webhook-id", "webhook-timestamp", "webhook-signature", "x-webhook-signature", "x-webhook-event", "x-webhook-attempt"]);

/** A webhook's custom headers that are safe to send (names are tokens, values hold no line breaks). */
export function customHeaders(raw: unknown): Record<string, string> {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value !== "string" || !tokenName.test(name) || reserved.has(name.toLowerCase()) || /[\r\n\0]/.test(value)) continue;
    out[name.toLowerCase()] = value;
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
}

export function buildHeaders({ messageId, eventType, attempt, body, secrets, custom, timestamp }: HeaderInput): Record<string, string> {
  return {
    ...customHeaders(custom),
    "content-type": "application/json",
    "user-agent": USER_AGENT,
    ...sign({ secrets, id: messageId, timestamp, body }),
    "x-webhook-event": eventType,
    "x-webhook-attempt": String(attempt),
  };
}
