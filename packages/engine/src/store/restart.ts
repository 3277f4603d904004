import { sql } from "kysely";
import { type DeliveryStatus, qb, runCount, runRows, type SqlTarget } from "@herald/db";
import { type DeliveryFilter, matchingDeliveries } from "./delivery-filter.ts";

/**
 * A restarted delivery starts over: pending, due now, with the whole retry
 * schedule ahead (it counts attempts from attempts_at_restart); its attempts
 * keep their numbers, so the next one is attempt_count + 1 (6 after 5).
 */
const restarted = (at: Date) => ({
  status: "pending" as const,
  attempts_at_restart: sql<number>`attempt_count`,
  next_attempt_at: at,
  completed_at: null,
  updated_at: at,
});

/**
 * Restarts the given deliveries that are still in one of the `from` states:
 * a manual retry (failed or success), or the worker reviving a failed
 * delivery whose job was retried from the dashboard. Returns how many it restarted.
 */
export async function restartDeliveries(
  target: SqlTarget,
  { ids, from, at = new Date() }: { ids: readonly string[]; from: readonly DeliveryStatus[]; at?: Date },
): Promise<number> {
  const query = qb
    .updateTable("deliveries")
    .set(restarted(at))
    .where("id", "=", sql<string>`any(${ids}::uuid[])`)
    .where("status", "=", sql<DeliveryStatus>`any(${from}::"DeliveryStatus"[])`)
    .compile();
  return runCount(target, query);
}

/**
 * Restarts up to `limit` failed deliveries matching `filter` (lowest ids
 * first), selected and restarted in one statement: retry-all and recover
 * call it in a loop until it returns fewer than `limit`. Returns their ids,
 * lowest first, with their webhooks' (which pick the jobs' queue partitions).
 */
export async function restartFailed(
  target: SqlTarget,
  { filter, limit, at = new Date() }: { filter: DeliveryFilter; limit: number; at?: Date },
): Promise<Array<{ id: string; webhookId: string }>> {
  const pick = matchingDeliveries({ ...filter, status: "failed" })
    .select("d.id")
    .orderBy("d.id")
    .limit(limit);
  const query = qb
    .updateTable("deliveries")
    .set(restarted(at))
    .where("id", "in", pick)
    .where("status", "=", "failed")
    .returning(["id", "webhook_id"])
    .compile();
  // RETURNING has no order (over partitions it follows the plan): lowest ids first, as picked.
  const rows = (await runRows(target, query)).map((r) => ({ id: r.id, webhookId: r.webhook_id }));
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** How many failed deliveries match `filter`: what restartFailed, called until done, would restart now. */
export async function countFailed(target: SqlTarget, filter: DeliveryFilter): Promise<number> {
  const query = matchingDeliveries({ ...filter, status: "failed" })
    .select(sql<string>`count(*)`.as("n"))
    .compile();
  const [row] = await runRows(target, query);
  return Number(row?.n ?? 0);
}
