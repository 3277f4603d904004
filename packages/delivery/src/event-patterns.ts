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

/**
 * What a pattern selects, stated so a query can select it too: one type,
 * every type starting with a prefix, or every type outside Herald's own.
 */
export type PatternScope = { type: string } | { prefix: string } | { allButPrefix: string };

export function patternScope(pattern: string): PatternScope {
  if (pattern === "*") return { allButPrefix: OPERATIONAL_NAMESPACE };
  if (pattern.endsWith(".*")) return { prefix: pattern.slice(0, -1) };
  return { type: pattern };
}

export function matchesEventType(pattern: string, type: string): boolean {
  const scope = patternScope(pattern);
  if ("type" in scope) return scope.type === type;
  if ("prefix" in scope) return type.startsWith(scope.prefix);
  return !type.startsWith(scope.allButPrefix);
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
