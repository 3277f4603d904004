import { Worker } from "bullmq";
import type { RedisClient } from "@herald/queue";
import { type DeliveryJobData, partitionQueueName } from "../queue/delivery-queue.ts";
import { createDeliveryProcessor, type DeliveryJob, type ProcessorDeps } from "./deliver-webhook.processor.ts";

export interface WorkerOptions {
  connection: RedisClient;
  prefix: string;
  /** In-flight deliveries of this process, over all the partitions it consumes. */
  concurrency: number;
  /** Outlasts the HTTP timeout, so a slow receiver never looks like a dead worker. */
  lockDurationMs: number;
  stalledIntervalMs: number;
  /** Queue partitions to consume (default: partition 0 only). */
  partitions?: readonly number[];
}

/**
 * The BullMQ workers over the delivery queue partitions, one per partition
 * this process consumes. A killed worker's active jobs lose their lock;
 * another worker's stalled check moves them back to wait. maxStalledCount is
 * generous because a stalled delivery job is always safe to run again (the
 * processor reloads state; receivers de-duplicate).
 *
 * Each partition's worker may take up to `concurrency` jobs, so a busy
 * partition can use the whole process; one semaphore keeps the attempts
 * under way across all of them at `concurrency`.
 */
export function createDeliveryWorker(deps: ProcessorDeps, opts: WorkerOptions) {
  const processDelivery = createDeliveryProcessor(deps);
  const partitions = opts.partitions ?? [0];
  const slots = partitions.length > 1 ? createSemaphore(opts.concurrency) : null;
  const processor = slots
    ? (job: DeliveryJob, token?: string) => slots.run(() => processDelivery(job, token))
    : processDelivery;
  const workers = partitions.map((partition) => {
    const worker = new Worker<DeliveryJobData>(partitionQueueName(partition), processor, {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      lockDuration: opts.lockDurationMs,
      stalledInterval: opts.stalledIntervalMs,
      maxStalledCount: 10,
      autorun: false,
    });
    worker.on("error", (err) => deps.logger.warn("worker error", { partition, error: err.message }));
    worker.on("failed", (job, err) => {
      if (job && err.name !== "UnrecoverableError")
        deps.logger.warn("delivery job errored", { deliveryId: job.data.deliveryId, error: err.message });
    });
    return worker;
  });
  return {
    partitions,
    workers,
    /** Runs every partition's worker; settles when they all stop (rejects if one fails). */
    async run(): Promise<void> {
      await Promise.all(workers.map((w) => w.run()));
    },
    /** Takes no new jobs; waits for in-flight ones unless `force`. */
    async close(force = false): Promise<void> {
      await Promise.all(workers.map((w) => w.close(force)));
    },
    async pause(): Promise<void> {
      await Promise.all(workers.map((w) => w.pause()));
    },
    resume(): void {
      for (const w of workers) w.resume();
    },
  };
}

export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;

/** At most `limit` of the functions given to run() are under way at once; the rest wait in arrival order. */
export function createSemaphore(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  return {
    async run<T>(fn: () => Promise<T>): Promise<T> {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      active++;
      try {
        return await fn();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return waiting.length;
    },
  };
}
