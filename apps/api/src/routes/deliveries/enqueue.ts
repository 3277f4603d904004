import { enqueueDeliveries, type PlannedJob } from "@herald/queue";
import type { AppDeps } from "../../deps.ts";
import type { Logger } from "../../lib/logger.ts";

/**
 * Enqueues deliveries already committed to Postgres. A Redis failure is
 * logged, not raised: the rows are pending and the worker's sweeper enqueues
 * them once Redis answers again. `replace` drops a finished job of the same
 * id first (a retried delivery's old failed job).
 */
export async function enqueueOrDefer({ deliveryQueues, log }: Pick<AppDeps, "deliveryQueues"> & { log: Logger }, jobs: readonly PlannedJob[], { replace = false } = {}): Promise<void> {
  try {
    await enqueueDeliveries({ queues: deliveryQueues, jobs, replace, timeoutMs: replace ? 5_000 : 1_000 });
  } catch (err) {
    log.warn("could not enqueue deliveries; the sweeper will", { count: jobs.length, error: (err as Error).message });
  }
}
