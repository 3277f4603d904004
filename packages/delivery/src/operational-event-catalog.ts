import type { OperationalEventType } from "./operational-events.ts";

/** A built-in event type as /event-types lists it: what it means and the JSON Schema of its `data`. */
export interface BuiltInEventType {
  name: OperationalEventType;
  description: string;
  schema: Record<string, unknown>;
}

const time = { type: "string", format: "date-time" } as const;
const nullableString = { type: ["string", "null"] } as const;

// Every operational event names the endpoint it is about.
const endpointProperties = {
  webhook_id: { type: "string", format: "uuid", description: "the endpoint this event is about" },
  tenant_id: { type: ["string", "null"], format: "uuid", description: "its tenant; null for a global webhook" },
  url: { type: "string", description: "its URL without credentials, query or fragment" },
  description: nullableString,
} as const;
const endpointRequired = ["webhook_id", "tenant_id", "url", "description"];

function dataSchema(properties: Record<string, unknown>, required: string[]): Record<string, unknown> {
  return {
    type: "object",
    properties: { ...endpointProperties, ...properties },
    required: [...endpointRequired, ...required],
  };
}

/** The catalogue of Herald's operational events, alphabetical as /event-types lists them. */
export const BUILT_IN_EVENT_TYPES: readonly BuiltInEventType[] = [
  {
    name: "herald.circuit.closed",
    description: "An endpoint's circuit breaker closed: a probe succeeded and its waiting deliveries are being sent.",
    schema: dataSchema({ closed_at: time }, ["closed_at"]),
  },
  {
    name: "herald.circuit.opened",
    description:
      "An endpoint's circuit breaker opened after consecutive failed attempts: its deliveries wait, and one probe is sent per interval.",
    schema: dataSchema(
      {
        failures: { type: "integer", description: "consecutive failed attempts that opened it" },
        opened_at: time,
        next_probe_at: time,
      },
      ["failures", "opened_at", "next_probe_at"],
    ),
  },
  {
    name: "herald.delivery.exhausted",
    description:
      "A delivery used up its retry schedule and is in the dead-letter queue (never raised for an operational event's own delivery).",
    schema: dataSchema(
      {
        delivery_id: { type: "string", format: "uuid" },
        event_id: { type: "string" },
        event_type: { type: "string" },
        attempts: { type: "integer" },
        last_status_code: { type: ["integer", "null"] },
        last_error: nullableString,
        failed_at: time,
      },
      ["delivery_id", "event_id", "event_type", "attempts", "last_status_code", "last_error", "failed_at"],
    ),
  },
  {
    name: "herald.endpoint.disabled",
    description:
      "An endpoint was disabled: by Herald (it answered 410 Gone, or every delivery failed for the auto-disable span) or through the API.",
    schema: dataSchema({ trigger: { enum: ["automatic", "manual"] }, reason: nullableString, disabled_at: time }, [
      "trigger",
      "reason",
      "disabled_at",
    ]),
  },
  {
    name: "herald.endpoint.enabled",
    description: "An endpoint was enabled through the API; its pending deliveries resume.",
    schema: dataSchema({ enabled_at: time }, ["enabled_at"]),
  },
];

export function builtInEventType(name: string): BuiltInEventType | undefined {
  return BUILT_IN_EVENT_TYPES.find((t) => t.name === name);
}
