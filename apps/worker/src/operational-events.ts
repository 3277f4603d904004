import { type Db, storeEvent } from "@herald/db";
import { operationalRecord, type OperationalEvent } from "@herald/delivery";
import { type DeliveryQueues, enqueueDeliveries, type PlannedJob } from "@herald/queue";
import type { Logger } from "./logger.ts";

/**
 * The worker's operational events (see @herald/delivery
 * operational-events.ts): stored through the outbox like any event, then
 * enqueued. An event that belongs with a state change (an endpoint disabled)
 * is stored in that change's transaction by its caller, which then enqueues.
 */
export function createOperationalEvents({ db, queues, logger }: { db: Db; queues: DeliveryQueues; logger: Logger }) {
  /** Committed rows whose jobs fail to enqueue stay pending: the sweeper enqueues them. */
  async function enqueue(jobs: readonly PlannedJob[]): Promise<void> {
    try {
      await enqueueDeliveries({ queues, jobs });
    } catch (err) {
      logger.warn("could not enqueue operational event deliveries; the sweeper will", { count: jobs.length, error: (err as Error).message });
    }
  }
  return {
    enqueue,
    /** Stores on its own and enqueues. Throws only when it could not be stored. */
    async raise(event: OperationalEvent): Promise<void> {
      await enqueue(await storeEvent(db, operationalRecord(event)));
    },
  };
}

export type OperationalEvents = ReturnType<typeof createOperationalEvents>;
