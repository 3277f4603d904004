import type { JobsOptions } from "bullmq";
import { z } from "zod";

/**
 * The delivery job, declared once. Its payload is the delivery id only: the
 * worker reloads everything else (event, webhook, secrets, attempt count)
 * from Postgres, so a job never carries secrets and a rebuilt job is as good
 * as the original.
 */
export const DELIVER_JOB = "deliver";

export const deliveryJobSchema = z.object({ deliveryId: z.uuid() });
export type DeliveryJobData = z.infer<typeof deliveryJobSchema>;

const DAY_S = 24 * 60 * 60;

/**
 * `jobId` = delivery id, so enqueueing twice (API and sweeper) is harmless.
 * HTTP failures are retried by the processor itself (it moves the job to
 * delayed on the schedule kept in Postgres); BullMQ's own attempts only cover
 * infrastructure faults inside the processor (Postgres briefly unreachable).
 * Failed jobs stay a week so the dashboard can show them.
 */
export function deliveryJobOptions(deliveryId: string, delayMs = 0): JobsOptions {
  return {
    jobId: deliveryId,
    delay: Math.max(0, Math.round(delayMs)),
    removeOnComplete: true,
    removeOnFail: { age: 7 * DAY_S, count: 50_000 },
    attempts: 5,
    backoff: { type: "exponential", delay: 2_000 },
  };
}
