import { type DeliveryQueues, enqueueOrLeaveToSweeper, type PlannedJob } from "./delivery-queue.ts";
import type { Logger } from "@herald/config";

/**
 * The API's enqueue of deliveries already committed (see
 * enqueueOrLeaveToSweeper): it fails fast, so a request never waits long on
 * Redis. `replace` drops a finished job of the same id first (a retried
 * delivery's old failed job), and is given longer.
 */
export async function enqueueOrDefer(
  { deliveryQueues, log }: { deliveryQueues: DeliveryQueues; log: Logger },
  jobs: readonly PlannedJob[],
  { replace = false } = {},
): Promise<void> {
  await enqueueOrLeaveToSweeper({ queues: deliveryQueues, jobs, replace, timeoutMs: replace ? 5_000 : 1_000, log });
}
