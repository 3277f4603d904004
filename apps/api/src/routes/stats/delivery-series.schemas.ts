import { z } from "zod";
import { instantParam, timestamp } from "../../openapi/common-schemas.ts";

export const MAX_BUCKETS = 1440;

export const deliverySeriesQuery = z.strictObject({
  from: instantParam
    .optional()
    .describe("start (ISO 8601); default: an hour before `to` (minute buckets) or a day (hour buckets)"),
  to: instantParam.optional().describe("end, exclusive (ISO 8601); default now"),
  bucket: z.enum(["minute", "hour"], { message: 'must be "minute" or "hour"' }).default("minute"),
  webhook_id: z.uuid({ message: "must be a UUID" }).optional().describe("one webhook only"),
});
export type DeliverySeriesQuery = z.infer<typeof deliverySeriesQuery>;

const latency = z.number().nullable();

export const deliverySeriesOut = z.object({
  bucket: z.enum(["minute", "hour"]),
  from: timestamp,
  to: timestamp,
  series: z
    .array(
      z.object({
        start: timestamp,
        succeeded: z.number().int().describe("attempts answered 2xx"),
        failed: z.number().int().describe("attempts that failed (non-2xx, timeout, connection error)"),
        dead_lettered: z
          .number()
          .int()
          .describe("deliveries that ran out of retries in this bucket, counted even if replayed since"),
        attempts: z.number().int(),
        latency_ms: z
          .object({ p50: latency, p95: latency, max: latency })
          .describe("attempt durations; null in a bucket without attempts"),
      }),
    )
    .describe(`every bucket of the range, oldest first, empty ones with zeros; at most ${MAX_BUCKETS}`),
});
export type DeliverySeriesOut = z.infer<typeof deliverySeriesOut>;
