import type { Db } from "@herald/db";
import { storeEvent } from "../publish/create-events.ts";
import { operationalRecord, type OperationalEvent } from "@herald/delivery";
import { type DeliveryQueues, enqueueDeliveries, type PlannedJob } from "../queue/delivery-queue.ts";

/**
 * The worker's operational events (see @herald/delivery
 * operational-events.ts): stored through the outbox like any event, then
 * enqueued. An event that belongs with a state change (an endpoint disabled)
 * is stored in that change's transaction by its caller, which then enqueues.
 */
export function createOperationalEvents({ db, queues }: { db: Db; queues: DeliveryQueues }) {
  const enqueue = (jobs: readonly PlannedJob[]) => enqueueDeliveries({ queues, jobs });
  return {
    enqueue,
    /** Stores on its own and enqueues. Throws only when it could not be stored. */
    async raise(event: OperationalEvent): Promise<void> {
      await enqueue(await storeEvent(db, operationalRecord(event)));
    },
  };
}

export type OperationalEvents = ReturnType<typeof createOperationalEvents>;
