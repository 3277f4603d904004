import { z } from "zod";
import { timestamp } from "../../openapi/common-schemas.ts";

const MAX_HEALTH_IDS = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const webhookHealthQuery = z.strictObject({
  ids: z
    .string({ message: "must be a comma-separated list of webhook ids" })
    .transform((value, ctx) => {
      const ids = [...new Set(value.split(",").map((id) => id.trim().toLowerCase()))];
      const problem = ids.some((id) => !UUID.test(id))
        ? "must be webhook ids (UUIDs), comma-separated"
        : ids.length > MAX_HEALTH_IDS
          ? `must name at most ${MAX_HEALTH_IDS} webhooks`
          : undefined;
      if (!problem) return ids;
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    })
    .describe(`1 to ${MAX_HEALTH_IDS} webhook ids, comma-separated`),
});

const counts = { succeeded: z.number().int(), failed: z.number().int() };

export const webhookHealthOut = z.object({
  webhook_id: z.uuid(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable(),
  circuit: z.object({
    state: z.enum(["closed", "open", "half_open", "unknown"]).describe("unknown when Redis did not answer"),
    consecutive_failures: z.number().int().nullable(),
    next_probe_in_ms: z
      .number()
      .int()
      .nullable()
      .describe("open: wait until the next probe; half_open: 0 (the next delivery probes)"),
  }),
  last_delivery: z
    .object({
      id: z.uuid(),
      status: z.enum(["pending", "success", "failed", "cancelled"]),
      event_type: z.string(),
      created_at: timestamp,
    })
    .nullable(),
  window: z.object({ from: timestamp, to: timestamp }),
  attempts: z.object({ total: z.number().int(), ...counts }),
  success_rate: z
    .number()
    .min(0)
    .max(1)
    .nullable()
    .describe("succeeded / total attempts in the window; null without attempts"),
  hourly: z.array(z.object({ start: timestamp, ...counts })).describe("24 hours, oldest first, empty hours included"),
});
export type WebhookHealthOut = z.infer<typeof webhookHealthOut>;
