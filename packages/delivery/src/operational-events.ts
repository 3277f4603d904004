/**
 * Operational events: what Herald publishes about itself (an endpoint
 * disabled or enabled, a circuit opened or closed, a delivery dead-lettered),
 * stored and delivered through the same outbox as every event, so they are
 * signed, retried, dead-lettered and replayable like the rest.
 *
 * The rules, in one place:
 * - `herald.` is Herald's namespace: nobody else publishes or registers a type in it.
 * - A subscription to `*` does not receive them: a webhook opts in with
 *   `herald.*`, `herald.endpoint.*` or the exact types (so a catch-all
 *   endpoint sees no new traffic when Herald starts raising them).
 * - An event about an endpoint goes to the global webhooks and to the webhooks
 *   of the endpoint's own tenant that subscribe to it (a global endpoint's
 *   events go to global webhooks only), never to the endpoint it is about.
 * - A dead-lettered operational event raises no `herald.delivery.exhausted`,
 *   so a failing alert endpoint cannot feed itself.
 */

import { candidatePatterns } from "./event-patterns.ts";

/** The endpoint an operational event is about, as its receivers see it. */
export interface EndpointSubject {
  id: string;
  tenantId: string | null;
  url: string;
  description: string | null;
}

export type OperationalEvent =
  | {
      type: "herald.endpoint.disabled";
      endpoint: EndpointSubject;
      at: Date;
      trigger: "automatic" | "manual";
      reason: string | null;
    }
  | { type: "herald.endpoint.enabled"; endpoint: EndpointSubject; at: Date }
  | { type: "herald.circuit.opened"; endpoint: EndpointSubject; at: Date; failures: number; nextProbeAt: Date }
  | { type: "herald.circuit.closed"; endpoint: EndpointSubject; at: Date }
  | {
      type: "herald.delivery.exhausted";
      endpoint: EndpointSubject;
      at: Date;
      delivery: {
        id: string;
        eventId: string;
        eventType: string;
        attempts: number;
        lastStatusCode: number | null;
        lastError: string | null;
      };
    };

export type OperationalEventType = OperationalEvent["type"];

/**
 * The URL as an alert may show it: no credentials, query or fragment, which
 * is where tokens live (the event may reach another team's endpoint).
 */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return "";
  }
}

function endpointData(endpoint: EndpointSubject) {
  return {
    webhook_id: endpoint.id,
    tenant_id: endpoint.tenantId,
    url: shownUrl(endpoint.url),
    description: endpoint.description,
  };
}

/** The event's `data`, as documented in OPERATIONAL_EVENT_TYPES. */
export function operationalData(event: OperationalEvent): Record<string, unknown> {
  const endpoint = endpointData(event.endpoint);
  switch (event.type) {
    case "herald.endpoint.disabled":
      return { ...endpoint, trigger: event.trigger, reason: event.reason, disabled_at: event.at.toISOString() };
    case "herald.endpoint.enabled":
      return { ...endpoint, enabled_at: event.at.toISOString() };
    case "herald.circuit.opened":
      return {
        ...endpoint,
        failures: event.failures,
        opened_at: event.at.toISOString(),
        next_probe_at: event.nextProbeAt.toISOString(),
      };
    case "herald.circuit.closed":
      return { ...endpoint, closed_at: event.at.toISOString() };
    case "herald.delivery.exhausted": {
      const d = event.delivery;
      return {
        ...endpoint,
        delivery_id: d.id,
        event_id: d.eventId,
        event_type: d.eventType,
        attempts: d.attempts,
        last_status_code: d.lastStatusCode,
        last_error: d.lastError,
        failed_at: event.at.toISOString(),
      };
    }
  }
}

/** What the outbox stores for an operational event (@herald/db's NewEvent, less the id it gives it). */
export interface OperationalRecord {
  tenantId: string | null;
  type: OperationalEventType;
  data: string;
  idempotencyKey: null;
  patterns: string[];
  /** Never delivered to the endpoint it is about. */
  excludeWebhookId: string;
  /** Not stored at all when nobody subscribes (most installs raise many and want none). */
  onlyIfSubscribed: true;
}

/**
 * The record to store. No idempotency key: each is raised once, by the
 * transition that causes it (a conditional update or an atomic Redis script).
 */
export function operationalRecord(event: OperationalEvent): OperationalRecord {
  return {
    tenantId: event.endpoint.tenantId,
    type: event.type,
    data: JSON.stringify(operationalData(event)),
    idempotencyKey: null,
    patterns: candidatePatterns(event.type),
    excludeWebhookId: event.endpoint.id,
    onlyIfSubscribed: true,
  };
}
