import { enqueueDeliveries } from "@herald/queue";
import type { AppDeps } from "../../deps.ts";
import type { Logger } from "../../lib/logger.ts";

/**
 * Enqueues deliveries already committed to Postgres. A Redis failure is
 * logged, not raised: the rows are pending and the worker's sweeper enqueues
 * them once Redis answers again. `replace` drops a finished job of the same
 * id first (a retried delivery's old failed job).
 */
export async function enqueueOrDefer({ deliveryQueue, log }: Pick<AppDeps, "deliveryQueue"> & { log: Logger }, ids: string[], { replace = false } = {}): Promise<void> {
  try {
    await enqueueDeliveries({ queue: deliveryQueue, jobs: ids.map((deliveryId) => ({ deliveryId })), replace, timeoutMs: replace ? 5_000 : 1_000 });
  } catch (err) {
    log.warn("could not enqueue deliveries; the sweeper will", { count: ids.length, error: (err as Error).message });
  }
}
