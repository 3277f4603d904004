/**
 * Event types are dot-separated names (`invoice.updated`); a webhook
 * subscribes with exact types, service wildcards (`invoice.*`, matching every
 * type under `invoice.`) or `*` (everything).
 */
const segment = "[A-Za-z0-9_-]+";
const typePattern = new RegExp(`^${segment}(\\.${segment})*$`);
const wildcardPattern = new RegExp(`^(${segment}(\\.${segment})*\\.)?\\*$`);

export const MAX_EVENT_TYPE_LENGTH = 200;

export function isEventType(value: string): boolean {
  return value.length <= MAX_EVENT_TYPE_LENGTH && typePattern.test(value);
}

export function isEventPattern(value: string): boolean {
  return isEventType(value) || (value.length <= MAX_EVENT_TYPE_LENGTH && wildcardPattern.test(value));
}

export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/**
 * Every pattern that matches `type`: `*`, each `prefix.*` and the type itself.
 * Lets Postgres pick the subscribed webhooks with `events && candidates`
 * instead of loading every webhook to test each pattern.
 */
export function candidatePatterns(type: string): string[] {
  const parts = type.split(".");
  const wildcards = parts.slice(0, -1).map((_, i) => `${parts.slice(0, i + 1).join(".")}.*`);
  return ["*", ...wildcards, type];
}
