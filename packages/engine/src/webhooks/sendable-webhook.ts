// Whether Herald may send to a webhook: the one rule, in each query layer the
// engine uses (tested against each other in test/webhook-state.int.test.ts).

/** Sendable: enabled and not deleted. As a Prisma filter on a webhook. */
export const SENDABLE_WEBHOOK = { enabled: true, deletedAt: null } as const;

/** The same rule as SQL over the webhooks row named `alias`. */
export const sendableWebhookSql = (alias: string) => `${alias}.enabled AND ${alias}.deleted_at IS NULL`;

/** The same rule in TypeScript: why Herald may not send to this webhook now, or null when it may. */
export function unsendable(webhook: { enabled: boolean; deletedAt: Date | null }): "deleted" | "disabled" | null {
  if (webhook.deletedAt !== null) return "deleted";
  return webhook.enabled ? null : "disabled";
}
