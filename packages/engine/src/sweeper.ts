import { SENDABLE_WEBHOOK } from "./webhooks/sendable-webhook.ts";
import type { Db } from "@herald/db";
import { type DeliveryQueues, enqueueDeliveries, type PlannedJob } from "./queue/delivery-queue.ts";
import type { Logger } from "@herald/config";

export interface SweeperOptions {
  db: Db;
  queues: DeliveryQueues;
  logger: Logger;
  intervalMs: number;
  /** A delivery due for less than this is probably being enqueued right now by the API. */
  graceMs: number;
  batchSize: number;
}

// A job that waits in a partition no worker consumes any more (HERALD_QUEUE_PARTITIONS shrank) is moved.
const MOVABLE_STATES = new Set(["waiting", "delayed", "prioritized"]);

/**
 * The outbox relay's safety net: Postgres is written first, so a delivery
 * whose job never reached Redis (Redis down at publish), or whose job was
 * lost (Redis lost data, or BullMQ gave up on an infrastructure error), is
 * still `pending` there. Each sweep walks due pending deliveries of enabled
 * webhooks in pages and re-adds the ones with no live job, in their webhook's
 * partition. A job found in a partition past HERALD_QUEUE_PARTITIONS (or in
 * the pre-partition queue) is moved to its partition; one in another current
 * partition (N changed) runs where it is. Safe to run in every worker at
 * once: the job id is the delivery id.
 */
export function createSweeper({ db, queues, logger, intervalMs, graceMs, batchSize }: SweeperOptions) {
  let cursor: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;

  async function sweepOnce(): Promise<number> {
    const horizon = new Date(Date.now() - graceMs);
    const due = await db.delivery.findMany({
      where: {
        status: "pending",
        OR: [{ nextAttemptAt: { lte: horizon } }, { nextAttemptAt: null, createdAt: { lte: horizon } }],
        webhook: SENDABLE_WEBHOOK,
        ...(cursor ? { id: { gt: cursor } } : {}),
      },
      select: { id: true, webhookId: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    cursor = due.length === batchSize ? due[due.length - 1]?.id : undefined;
    if (due.length === 0) return 0;
    const found = await Promise.all(due.map(({ id, webhookId }) => queues.findLiveJob(id, webhookId)));
    const missing: PlannedJob[] = [];
    let moved = 0;
    for (const [i, job] of found.entries()) {
      const { id, webhookId } = due[i]!;
      if (!job) missing.push({ deliveryId: id, webhookId });
      else if ((job.partition === null || job.partition >= queues.count) && MOVABLE_STATES.has(job.state)) {
        // remove() refuses a job a worker has just locked: then it is being delivered, and stays.
        if ((await job.queue.remove(id)) === 1) {
          missing.push({ deliveryId: id, webhookId });
          moved++;
        }
      }
    }
    if (missing.length === 0) return 0;
    // Re-read after the job states: a delivery that settled meanwhile (its job just finished) is not re-sent.
    const still = new Set(
      (
        await db.delivery.findMany({
          where: { id: { in: missing.map((j) => j.deliveryId) }, status: "pending" },
          select: { id: true },
        })
      ).map(({ id }) => id),
    );
    const added = await enqueueDeliveries({
      queues,
      jobs: missing.filter((j) => still.has(j.deliveryId)),
      replace: true,
    });
    if (added > 0)
      logger.info("sweeper re-enqueued deliveries without a job", {
        count: added,
        moved_from_retired_partitions: moved,
      });
    return added;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweepOnce()
        .catch((err: Error) => logger.warn("sweep failed", { error: err.message }))
        .finally(schedule);
    }, intervalMs);
  }

  return {
    sweepOnce,
    start: schedule,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
