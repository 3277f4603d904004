/**
 * Event types are dot-separated names (`invoice.updated`); a webhook
 * subscribes with exact types, service wildcards (`invoice.*`, matching every
 * type under `invoice.`) or `*` (everything but Herald's own `herald.*` events).
 */
const segment = "[A-Za-z0-9_-]+";
const typePattern = new RegExp(`^${segment}(\\.${segment})*$`);
const wildcardPattern = new RegExp(`^(${segment}(\\.${segment})*\\.)?\\*$`);

export const MAX_EVENT_TYPE_LENGTH = 200;

/** Herald's own operational events (see operational-events.ts); `*` does not select them. */
export const OPERATIONAL_NAMESPACE = "herald.";

export function isOperationalType(type: string): boolean {
  return type.startsWith(OPERATIONAL_NAMESPACE);
}

export function isEventType(value: string): boolean {
  return value.length <= MAX_EVENT_TYPE_LENGTH && typePattern.test(value);
}

export function isEventPattern(value: string): boolean {
  return isEventType(value) || (value.length <= MAX_EVENT_TYPE_LENGTH && wildcardPattern.test(value));
}

export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === "*") return !isOperationalType(type);
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/**
 * Every pattern that matches `type`: `*` (except for an operational type),
 * each `prefix.*` and the type itself.
 * Lets Postgres pick the subscribed webhooks with `events && candidates`
 * instead of loading every webhook to test each pattern.
 */
export function candidatePatterns(type: string): string[] {
  const parts = type.split(".");
  const wildcards = parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join(".")}.*`);
  return isOperationalType(type) ? [...wildcards, type] : ["*", ...wildcards, type];
}
