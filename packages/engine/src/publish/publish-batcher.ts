import { BatcherClosedError, createBatcher, type Db } from "@herald/db";
import { createEvents, type CreateOutcome, jobsOf, type NewEvent } from "./create-events.ts";
import { type DeliveryQueues, enqueueDeliveries } from "../queue/delivery-queue.ts";
import type { Telemetry } from "@herald/telemetry";
import { requestSpanContext, traceBatch, type TracedSubmission } from "./trace-publish-batch.ts";

/** A publish after close(): the process is stopping (the API answers 503, and the client retries elsewhere). */
export class ShuttingDownError extends Error {
  readonly code = "service_unavailable";
  constructor() {
    super("the API is shutting down");
  }
}

export interface PublishBatcherOptions {
  db: Db;
  deliveryQueues: DeliveryQueues;
  /** Events per statement. */
  maxBatch?: number;
  /** Statements under way at once; while they are, new publishes gather into the next batch. */
  maxInFlight?: number;
  /** Bytes of event data per statement: a large event does not slow the small ones batched with it. */
  maxBatchBytes?: number;
  /** Present when tracing is on: each batch gets spans, and each job its request's trace context. */
  telemetry?: Telemetry;
}

export interface PublishBatcher {
  /** Resolves once the event (and its deliveries) is committed and its jobs are enqueued or left to the sweeper. */
  submit(event: NewEvent): Promise<CreateOutcome>;
  /** Stores what is pending, waits for every batch under way, then refuses new events. */
  close(): Promise<void>;
}

const sqlState = (err: unknown) => String((err as { code?: unknown })?.code ?? "");
// SQLSTATE classes 22 (data exception) and 23 (integrity) belong to a row,
// not to the batch: retried one by one, so only the bad row's request fails.
const isRowError = (err: unknown) => /^2[23]/.test(sqlState(err));
// A statement or lock timeout (DATABASE_STATEMENT_TIMEOUT_MS, _LOCK_TIMEOUT_MS)
// may be one tenant's doing: its batch is retried per tenant, so only the
// tenant whose events are slow fails (and retries; a 503).
const isTimeout = (err: unknown) => sqlState(err) === "57014" || sqlState(err) === "55P03";

/** The batch's events grouped by tenant (null: global), each with its index in the batch. */
function byTenant<E extends { tenantId: string | null }>(events: E[]): Array<Array<[number, E]>> {
  const groups = new Map<string | null, Array<[number, E]>>();
  events.forEach((e, i) => {
    const group = groups.get(e.tenantId);
    if (group) group.push([i, e]);
    else groups.set(e.tenantId, [[i, e]]);
  });
  return [...groups.values()];
}

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
  maxBatch = 500,
  maxInFlight = 4,
  maxBatchBytes = 64 * 1024,
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
      const tenants = isTimeout(err) ? byTenant(events) : [];
      if (tenants.length > 1) return splitByTenant(tenants);
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
    const enqueue = () => enqueueDeliveries({ queues: deliveryQueues, jobs });
    await (batch ? batch.enqueue(jobs.length, enqueue) : enqueue());
    batch?.end({ outcomes });
    return outcomes;
  }

  /** Stores each tenant's events as a batch of its own, at once; a group that fails answers its error to its events only. */
  async function splitByTenant(groups: Array<Array<[number, Submission]>>): Promise<Array<CreateOutcome | Error>> {
    const answers: Array<CreateOutcome | Error> = [];
    await Promise.all(
      groups.map(async (group) => {
        const outcomes = await store(group.map(([, e]) => e)).catch((err: Error) => group.map(() => err));
        for (const [n, [i]] of group.entries()) answers[i] = outcomes[n]!;
      }),
    );
    return answers;
  }

  const batcher = createBatcher<Submission, CreateOutcome>({
    run: store,
    maxBatch,
    maxInFlight,
    weightOf: (e) => e.data.length,
    maxWeight: maxBatchBytes,
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
        .catch((err: unknown) => Promise.reject(err instanceof BatcherClosedError ? new ShuttingDownError() : err)),
    close: () => batcher.close(),
  };
}
