import { z } from "zod";
import { timestamp } from "../../openapi/common-schemas.ts";
import { publishEventBody } from "../events/events.schemas.ts";
import { filterField } from "./webhook-filter.ts";
import { webhookOut } from "./webhooks.schemas.ts";

export const rotateSecretBody = z.strictObject({
  secret: z
    .string({ message: "must be a string" })
    .min(10, "must be 10-50 characters")
    .max(50, "must be 10-50 characters")
    .optional()
    .describe(
      "the new secret; generated (`whsec_...`) when omitted. hmac-sha256 webhooks only: an ed25519 webhook's key pair is always generated",
    ),
});

export const rotateSecretOut = webhookOut.extend({
  secret: z
    .string()
    .optional()
    .describe(
      "hmac-sha256: the new secret, shown only in this response (absent for ed25519: its new `public_key` is the answer)",
    ),
  previous_secret_expires_at: timestamp.describe(
    "until then deliveries carry signatures with both the old and the new secret (ed25519: private key)",
  ),
});

const instant = z.iso
  .datetime({ offset: true, message: "must be an ISO 8601 date-time with an offset, e.g. 2026-01-20T14:30:00Z" })
  .transform((v) => new Date(v));

export const recoverBody = z
  .strictObject({
    since: instant.describe("re-queue failed deliveries created at or after this instant"),
    until: instant.optional().describe("... and before this one (default: now)"),
  })
  .refine((b) => !b.until || b.until > b.since, { path: ["until"], message: "must be after since" });

export const recoverOut = z.object({ recovered: z.number().int().describe("failed deliveries re-queued") });

export const testFilterBody = z.strictObject({
  payload: publishEventBody.describe("the event as it would be published (POST /api/v1/events); nothing is stored"),
  filter: filterField.optional().describe("a filter to try instead of the webhook's saved one (not saved)"),
});

export const testFilterOut = z.object({
  matches: z.boolean().describe("whether the event's envelope passes the filter (true when there is none)"),
  budget_exhausted: z
    .boolean()
    .describe(
      "the filter examined its budget of values before deciding, so the event passes (docs/payload-filters.md: cost limits)",
    ),
});
