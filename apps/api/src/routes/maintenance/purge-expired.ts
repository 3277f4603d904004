import { purgeHistory, writeAudit } from "@herald/db";
import type { Ctx } from "../../deps.ts";

const DAY_MS = 86_400_000;

/**
 * Drops the days of events, deliveries and attempts that lie wholly before
 * the retention window (whole partitions; see purgeHistory in @herald/db),
 * deletes consent past its expiry, and audits it, in one transaction. An old
 * event that still has a pending delivery is kept: that work has not
 * finished yet.
 */
export async function purgeExpired({ deps, principal }: Ctx, now = new Date()) {
  const cutoff = new Date(now.getTime() - deps.config.retentionDays * DAY_MS);
  return deps.db.$transaction(
    async (tx) => {
      const history = await purgeHistory(tx, { cutoff });
      const consents = await tx.consent.deleteMany({ where: { expiresAt: { lt: now } } });
      const counts = {
        events_deleted: history.eventsDeleted,
        deliveries_deleted: history.deliveriesDeleted,
        attempts_deleted: history.attemptsDeleted,
        consents_deleted: consents.count,
      };
      const partitions = { partitions_dropped: history.partitionsDropped, events_kept: history.eventsKept };
      await writeAudit(tx, principal, {
        tenantId: null,
        action: "data.purged",
        resourceType: "maintenance",
        changes: { cutoff: cutoff.toISOString(), ...counts, ...partitions },
      });
      return { retention_days: deps.config.retentionDays, cutoff: cutoff.toISOString(), ...counts, ...partitions };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
}
