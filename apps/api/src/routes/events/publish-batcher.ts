import { createEvents, sqlPool, type CreateOutcome, type Db, type NewEvent } from "@herald/db";
import { enqueueDeliveries, type DeliveryQueue } from "@herald/queue";
import { AppError } from "../../lib/app-error.ts";
import type { Logger } from "../../lib/logger.ts";

export interface PublishBatcherOptions {
  db: Db;
  deliveryQueue: DeliveryQueue;
  logger: Logger;
  /** Events per statement. */
  maxBatch?: number;
  /** Statements under way at once; while they are, new publishes gather into the next batch. */
  maxInFlight?: number;
}

export interface PublishBatcher {
  /** Resolves once the event (and its deliveries) is committed and its jobs are enqueued or left to the sweeper. */
  submit(event: NewEvent): Promise<CreateOutcome>;
  /** Stores what is pending, waits for every batch under way, then refuses new events. */
  close(): Promise<void>;
}

interface Waiter {
  event: NewEvent;
  resolve(outcome: CreateOutcome): void;
  reject(err: unknown): void;
}

// SQLSTATE classes 22 (data exception) and 23 (integrity) belong to a row,
// not to the batch: retried one by one, so only the bad row's request fails.
const isRowError = (err: unknown) => /^2[23]/.test(String((err as { code?: unknown })?.code ?? ""));

/**
 * Group commit for publishes. Requests that arrive while earlier batches are
 * being written gather in a queue; each batch is stored by one statement
 * (createEvents) and its jobs added by one addBulk. With nothing under way a
 * publish goes out on the next turn of the event loop, so a quiet API adds
 * no wait; under load, batches grow by themselves. A repeat of an id or
 * idempotency key of an event not yet committed waits for a later batch,
 * where it meets the stored event like any repeat.
 */
export function createPublishBatcher({ db, deliveryQueue, logger, maxBatch = 500, maxInFlight = 4 }: PublishBatcherOptions): PublishBatcher {
  let queue: Waiter[] = [];
  let inFlight = 0;
  let scheduled = false;
  let closed = false;
  let idle: (() => void) | null = null;

  // Ids and idempotency keys of events in batches under way: a repeat waits
  // until its twin is committed, so the first to arrive is the one stored.
  const busy = new Set<string>();
  const marks = (e: NewEvent) => (e.idempotencyKey === null ? [`id:${e.id}`] : [`id:${e.id}`, `key:${e.idempotencyKey}`]);

  function take(): Waiter[] {
    const batch: Waiter[] = [];
    const held: Waiter[] = [];
    let i = 0;
    for (; i < queue.length && batch.length < maxBatch; i++) {
      const w = queue[i]!;
      const own = marks(w.event);
      if (own.some((m) => busy.has(m))) {
        held.push(w);
        continue;
      }
      for (const m of own) busy.add(m);
      batch.push(w);
    }
    queue = held.concat(queue.slice(i));
    return batch;
  }

  async function store(batch: Waiter[]): Promise<void> {
    let outcomes: CreateOutcome[];
    try {
      outcomes = await createEvents(sqlPool(db), batch.map((w) => w.event));
    } catch (err) {
      if (batch.length > 1 && isRowError(err)) return void (await Promise.all(batch.map((w) => store([w]))));
      for (const w of batch) w.reject(err);
      return;
    }
    const deliveryIds = outcomes.flatMap((o) => (o.kind === "created" ? o.deliveryIds : []));
    try {
      await enqueueDeliveries({ queue: deliveryQueue, jobs: deliveryIds.map((deliveryId) => ({ deliveryId })), timeoutMs: 1_000 });
    } catch (err) {
      // Committed already: the deliveries are pending in Postgres and the worker's sweeper enqueues them.
      logger.warn("could not enqueue deliveries; the sweeper will", { count: deliveryIds.length, error: (err as Error).message });
    }
    batch.forEach((w, i) => w.resolve(outcomes[i]!));
  }

  function flush(): void {
    scheduled = false;
    while (queue.length > 0 && (inFlight < maxInFlight || closed)) {
      const batch = take();
      // Only repeats of events under way are left: they go when those are stored.
      if (batch.length === 0) break;
      inFlight++;
      void store(batch).finally(() => {
        for (const w of batch) for (const m of marks(w.event)) busy.delete(m);
        inFlight--;
        if (queue.length > 0) schedule();
        else if (inFlight === 0) idle?.();
      });
    }
  }

  function schedule(): void {
    if (scheduled || queue.length === 0 || (inFlight >= maxInFlight && !closed)) return;
    scheduled = true;
    setImmediate(flush);
  }

  return {
    submit(event) {
      if (closed) return Promise.reject(new AppError("service_unavailable", "the API is shutting down"));
      return new Promise<CreateOutcome>((resolve, reject) => {
        queue.push({ event, resolve, reject });
        schedule();
      });
    },
    async close() {
      closed = true;
      if (queue.length === 0 && inFlight === 0) return;
      const drained = new Promise<void>((resolve) => (idle = resolve));
      schedule();
      await drained;
    },
  };
}
