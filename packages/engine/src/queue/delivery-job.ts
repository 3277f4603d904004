import type { JobsOptions } from "bullmq";
import { z } from "zod";

/**
 * The delivery job, declared once. Its payload is the delivery id only: the
 * worker reloads everything else (event, webhook, secrets, attempt count)
 * from Postgres, so a job never carries secrets and a rebuilt job is as good
 * as the original. With tracing on, the publish request's W3C `traceparent`
 * (ids only) rides along, so the worker's spans join the publish's trace;
 * jobs rebuilt by the sweeper or enqueued by a retry have none.
 */
export const DELIVER_JOB = "deliver";

// Version 00 of W3C Trace Context: trace id, parent span id, flags (lowercase hex).
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export const deliveryJobSchema = z.object({
  deliveryId: z.uuid(),
  // A malformed one is dropped, never a reason to fail the delivery.
  traceparent: z.string().regex(TRACEPARENT).optional().catch(undefined),
});
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
