import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { DELIVERY_QUEUE } from "./names.ts";
import { DELIVER_JOB, deliveryJobOptions, type DeliveryJobData } from "./delivery-job.ts";

export type DeliveryQueue = Queue<DeliveryJobData, unknown, typeof DELIVER_JOB>;

export function createDeliveryQueue({ connection, prefix, onError }: { connection: Redis; prefix: string; onError?: (err: Error) => void }): DeliveryQueue {
  const queue: DeliveryQueue = new Queue(DELIVERY_QUEUE, { connection, prefix });
  // An EventEmitter without an error listener would crash the process while Redis is down.
  queue.on("error", onError ?? (() => undefined));
  return queue;
}

export interface PlannedJob {
  deliveryId: string;
  /** Milliseconds from now; 0 for "as soon as possible". */
  delayMs?: number;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Adds one job per delivery. `replace` first removes a finished job with the
 * same id (a failed job kept for the dashboard would otherwise swallow the
 * add, since ids de-duplicate); an active job is left alone (remove refuses a
 * locked job), which is right: it is being delivered.
 * Fails fast (timeout) while Redis is down: callers have already written the
 * deliveries to Postgres and the sweeper enqueues them later.
 */
export async function enqueueDeliveries({ queue, jobs, replace = false, timeoutMs = 2_000 }: { queue: DeliveryQueue; jobs: PlannedJob[]; replace?: boolean; timeoutMs?: number }): Promise<number> {
  if (jobs.length === 0) return 0;
  const run = async () => {
    if (replace) await Promise.all(jobs.map((job) => queue.remove(job.deliveryId).catch(() => 0)));
    await queue.addBulk(jobs.map((job) => ({ name: DELIVER_JOB, data: { deliveryId: job.deliveryId }, opts: deliveryJobOptions(job.deliveryId, job.delayMs) })));
    return jobs.length;
  };
  return withTimeout(run(), timeoutMs);
}
