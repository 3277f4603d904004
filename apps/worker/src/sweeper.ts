import type { Db } from "@herald/db";
import { type DeliveryQueue, enqueueDeliveries } from "@herald/queue";
import type { Logger } from "./logger.ts";

export interface SweeperOptions {
  db: Db;
  queue: DeliveryQueue;
  logger: Logger;
  intervalMs: number;
  /** A delivery due for less than this is probably being enqueued right now by the API. */
  graceMs: number;
  batchSize: number;
}

// A job in these states no longer carries a pending delivery forward.
const missingStates = new Set(["unknown", "completed", "failed"]);

/**
 * The outbox relay's safety net: Postgres is written first, so a delivery
 * whose job never reached Redis (Redis down at publish), or whose job was
 * lost (Redis lost data, or BullMQ gave up on an infrastructure error), is
 * still `pending` there. Each sweep walks due pending deliveries of enabled
 * webhooks in pages and re-adds the ones with no live job. Safe to run in
 * every worker at once: the job id is the delivery id.
 */
export function createSweeper({ db, queue, logger, intervalMs, graceMs, batchSize }: SweeperOptions) {
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
        webhook: { enabled: true, deletedAt: null },
        ...(cursor ? { id: { gt: cursor } } : {}),
      },
      select: { id: true },
      orderBy: { id: "asc" },
      take: batchSize,
    });
    cursor = due.length === batchSize ? due[due.length - 1]?.id : undefined;
    if (due.length === 0) return 0;
    const states = await Promise.all(due.map(({ id }) => queue.getJobState(id)));
    const missing = due.filter((_, i) => missingStates.has(states[i]!)).map(({ id }) => id);
    if (missing.length === 0) return 0;
    // Re-read after the job states: a delivery that settled meanwhile (its job just finished) is not re-sent.
    const still = await db.delivery.findMany({ where: { id: { in: missing }, status: "pending" }, select: { id: true } });
    const added = await enqueueDeliveries({ queue, jobs: still.map(({ id }) => ({ deliveryId: id })), replace: true, timeoutMs: 10_000 });
    if (added > 0) logger.info("sweeper re-enqueued deliveries without a job", { count: added });
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

export type Sweeper = ReturnType<typeof createSweeper>;
