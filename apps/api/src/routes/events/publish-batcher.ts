import { BatcherClosedError, createBatcher, createEvents, jobsOf, type CreateOutcome, type Db, type NewEvent } from "@herald/db";
import type { DeliveryQueues } from "@herald/queue";
import { AppError } from "../../lib/app-error.ts";
import type { Logger } from "../../lib/logger.ts";
import { enqueueOrDefer } from "../deliveries/enqueue.ts";

export interface PublishBatcherOptions {
  db: Db;
  deliveryQueues: DeliveryQueues;
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

// SQLSTATE classes 22 (data exception) and 23 (integrity) belong to a row,
// not to the batch: retried one by one, so only the bad row's request fails.
const isRowError = (err: unknown) => /^2[23]/.test(String((err as { code?: unknown })?.code ?? ""));

/**
 * Group commit for publishes, on the shared batcher (@herald/db createBatcher):
 * publishes that arrive while earlier batches are being written gather into
 * the next one; each batch is stored by one statement (createEvents) and its
 * jobs added by one addBulk. With nothing under way a publish goes out on the
 * next turn of the event loop, so a quiet API adds no wait. A repeat of an id
 * or idempotency key of an event not yet committed waits for a later batch,
 * where it meets the stored event like any repeat.
 */
export function createPublishBatcher({ db, deliveryQueues, logger, maxBatch = 500, maxInFlight = 4 }: PublishBatcherOptions): PublishBatcher {
  async function store(events: NewEvent[]): Promise<Array<CreateOutcome | Error>> {
    let outcomes: CreateOutcome[];
    try {
      outcomes = await createEvents(db, events);
    } catch (err) {
      if (events.length > 1 && isRowError(err)) return Promise.all(events.map((e) => store([e]).then((one) => one[0]!, (rowError: Error) => rowError)));
      throw err;
    }
    // Committed already: if Redis fails, the worker's sweeper enqueues them.
    await enqueueOrDefer({ deliveryQueues, log: logger }, jobsOf(outcomes));
    return outcomes;
  }

  const batcher = createBatcher<NewEvent, CreateOutcome>({
    run: store,
    maxBatch,
    maxInFlight,
    claimsOf: (e) => (e.idempotencyKey === null ? [`id:${e.id}`] : [`id:${e.id}`, `key:${e.idempotencyKey}`]),
  });

  return {
    submit: (event) => batcher.load(event).catch((err: unknown) => Promise.reject(err instanceof BatcherClosedError ? new AppError("service_unavailable", "the API is shutting down") : err)),
    close: () => batcher.close(),
  };
}
