import type { AppDeps } from "../../deps.ts";
import { writeAudit } from "../../lib/audit.ts";
import type { Principal } from "../../middleware/authenticate.ts";

const DAY_MS = 86_400_000;

/**
 * Deletes events older than the retention window with their deliveries and
 * attempts, and consent past its expiry. An old event that still has a
 * pending delivery is kept: that work has not finished yet.
 */
export async function purgeExpired({ deps, principal }: { deps: AppDeps; principal: Principal }, now = new Date()) {
  const cutoff = new Date(now.getTime() - deps.config.retentionDays * DAY_MS);
  const expiredEvent = { createdAt: { lt: cutoff }, deliveries: { none: { status: "pending" as const } } };
  return deps.db.$transaction(
    async (tx) => {
      const attempts = await tx.deliveryAttempt.deleteMany({ where: { delivery: { event: expiredEvent } } });
      const deliveries = await tx.delivery.deleteMany({ where: { event: expiredEvent } });
      const events = await tx.event.deleteMany({ where: expiredEvent });
      const consents = await tx.consent.deleteMany({ where: { expiresAt: { lt: now } } });
      const counts = { events_deleted: events.count, deliveries_deleted: deliveries.count, attempts_deleted: attempts.count, consents_deleted: consents.count };
      await writeAudit(tx, principal, { tenantId: null, action: "data.purged", resourceType: "maintenance", changes: { cutoff: cutoff.toISOString(), ...counts } });
      return { retention_days: deps.config.retentionDays, cutoff: cutoff.toISOString(), ...counts };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
