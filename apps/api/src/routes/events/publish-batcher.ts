import {
  BatcherClosedError,
  createBatcher,
  createEvents,
  type CreateOutcome,
  type Db,
  jobsOf,
  type NewEvent,
} from "@herald/db";
import type { DeliveryQueues } from "@herald/queue";
import type { Telemetry } from "@herald/telemetry";
import { AppError } from "../../lib/app-error.ts";
import type { Logger } from "@herald/config";
import { enqueueOrDefer } from "../deliveries/enqueue.ts";
import { requestSpanContext, traceBatch, type TracedSubmission } from "./trace-publish-batch.ts";

export interface PublishBatcherOptions {
  db: Db;
  deliveryQueues: DeliveryQueues;
  logger: Logger;
  /** Events per statement. */
  maxBatch?: number;
  /** Statements under way at once; while they are, new publishes gather into the next batch. */
  maxInFlight?: number;
  /** Present when tracing is on: each batch gets spans, and each job its request's trace context. */
  telemetry?: Telemetry;
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

type Submission = NewEvent & TracedSubmission;

/**
 * Group commit for publishes, on the shared batcher (@herald/db createBatcher):
 * publishes that arrive while earlier batches are being written gather into
 * the next one; each batch is stored by one statement (createEvents) and its
 * jobs added by one addBulk. With nothing under way a publish goes out on the
 * next turn of the event loop, so a quiet API adds no wait. A repeat of an id
 * or idempotency key of an event not yet committed waits for a later batch,
 * where it meets the stored event like any repeat.
 */
export function createPublishBatcher({
  db,
  deliveryQueues,
  logger,
  maxBatch = 500,
  maxInFlight = 4,
  telemetry,
}: PublishBatcherOptions): PublishBatcher {
  async function store(events: Submission[]): Promise<Array<CreateOutcome | Error>> {
    // Tracing on: the statement and the enqueue in spans of the batch, each job with its request's context.
    const batch = telemetry && traceBatch(telemetry, events);
    let outcomes: CreateOutcome[];
    try {
      const write = () => createEvents(db, events);
      outcomes = await (batch ? batch.write(write) : write());
    } catch (err) {
      batch?.end({ error: err as Error });
      if (events.length > 1 && isRowError(err))
        return Promise.all(
          events.map((e) =>
            store([e]).then(
              (one) => one[0]!,
              (rowError: Error) => rowError,
            ),
          ),
        );
      throw err;
    }
    // Committed already: if Redis fails, the worker's sweeper enqueues them.
    const jobs = batch ? jobsOf(outcomes, (n) => ({ traceparent: batch.traceparentOf(events[n]!) })) : jobsOf(outcomes);
    const enqueue = () => enqueueOrDefer({ deliveryQueues, log: logger }, jobs);
    await (batch ? batch.enqueue(jobs.length, enqueue) : enqueue());
    batch?.end({ outcomes });
    return outcomes;
  }

  const batcher = createBatcher<Submission, CreateOutcome>({
    run: store,
    maxBatch,
    maxInFlight,
    claimsOf: (e) => {
      // A client's id is taken per tenant (tenant ids are UUIDs, so no id can fake another tenant's prefix).
      const id = `id:${e.tenantId ?? ""}:${e.clientId ?? e.id}`;
      return e.idempotencyKey === null ? [id] : [id, `key:${e.idempotencyKey}`];
    },
  });

  return {
    // With tracing on, the publish keeps its request's span context for the batch's links and its jobs.
    submit: (event) =>
      batcher
        .load(telemetry ? { ...event, trace: requestSpanContext(telemetry) } : event)
        .catch((err: unknown) =>
          Promise.reject(
            err instanceof BatcherClosedError ? new AppError("service_unavailable", "the API is shutting down") : err,
          ),
        ),
    close: () => batcher.close(),
  };
}
