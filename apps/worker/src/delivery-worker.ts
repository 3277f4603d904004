import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { DELIVERY_QUEUE, type DeliveryJobData } from "@herald/queue";
import { createDeliveryProcessor, type ProcessorDeps } from "./deliver-webhook.processor.ts";

export interface WorkerOptions {
  connection: Redis;
  prefix: string;
  concurrency: number;
  /** Outlasts the HTTP timeout, so a slow receiver never looks like a dead worker. */
  lockDurationMs: number;
  stalledIntervalMs: number;
}

/**
 * The BullMQ worker over the delivery queue. A killed worker's active jobs
 * lose their lock; another worker's stalled check moves them back to wait.
 * maxStalledCount is generous because a stalled delivery job is always safe
 * to run again (the processor reloads state; receivers de-duplicate).
 */
export function createDeliveryWorker(deps: ProcessorDeps, opts: WorkerOptions): Worker<DeliveryJobData> {
  const worker = new Worker<DeliveryJobData>(DELIVERY_QUEUE, createDeliveryProcessor(deps), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency,
    lockDuration: opts.lockDurationMs,
    stalledInterval: opts.stalledIntervalMs,
    maxStalledCount: 10,
    autorun: false,
  });
  worker.on("error", (err) => deps.logger.warn("worker error", { error: err.message }));
  worker.on("failed", (job, err) => {
    if (job && err.name !== "UnrecoverableError") deps.logger.warn("delivery job errored", { deliveryId: job.data.deliveryId, error: err.message });
  });
  return worker;
}
