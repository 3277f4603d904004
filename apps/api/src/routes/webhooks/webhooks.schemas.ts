import {
  BUILT_IN_EVENT_TYPES,
  isEventPattern,
  isHeaderName,
  isOperationalType,
  isReservedHeader,
  isSendableHeaderValue,
  MASKED_HEADER_VALUE,
  matchesEventType,
} from "@herald/delivery";
import { z } from "zod";
import { cursorParam, limitParam } from "../../lib/pagination.ts";
import { timestamp } from "../../openapi/common-schemas.ts";
import { filterField } from "./webhook-filter.ts";
import { MAX_HEADERS } from "./webhook-headers.ts";

const SIGNATURE_SCHEMES = ["hmac-sha256", "ed25519"] as const;
export type SignatureScheme = (typeof SIGNATURE_SCHEMES)[number];

const eventPattern = z
  .string({ message: "must be a string" })
  .trim()
  .min(1, "must not be empty")
  .max(200, "must be at most 200 characters")
  .refine(isEventPattern, "must be an event type (`invoice.updated`), a service wildcard (`invoice.*`) or `*`")
  // Herald raises a known set of herald.* events: a pattern there that selects none of them is a typo.
  .refine(
    (p) => !isOperationalType(p) || BUILT_IN_EVENT_TYPES.some((t) => matchesEventType(p, t.name)),
    `selects none of Herald's operational events (${BUILT_IN_EVENT_TYPES.map((t) => t.name).join(", ")})`,
  );

/** A list of patterns; a single string is accepted as a one-element list. */
const eventsField = z
  .union(
    [
      eventPattern.transform((p) => [p]),
      z
        .array(eventPattern, { message: "must be an array of event types" })
        .min(1, "must name at least one event type")
        .max(100, "at most 100 entries"),
    ],
    {
      message: "must be an array of event types",
    },
  )
  .transform((patterns) => [...new Set(patterns)])
  .describe(
    "exact types (`invoice.updated`), service wildcards (`invoice.*`) or `*` " +
      "(every type but Herald's own `herald.*` operational events, which are subscribed to by name or `herald.*`)",
  );

const headerName = z
  .string()
  .max(100, "must be at most 100 characters")
  .refine(isHeaderName, "must be a valid header name (letters, digits and !#$%&'*+.^_`|~-)")
  .refine((h) => !isReservedHeader(h), "is set by Herald or by the HTTP request itself and cannot be configured");

// Refused rather than stored: a value node's HTTP client cannot send fails every attempt, and the mask sent back
// from an answer would replace a receiver's credential with "***".
const headerValue = z
  .string({ message: "header values must be strings" })
  .max(1000, "must be at most 1000 characters")
  .refine(
    isSendableHeaderValue,
    "must hold only tabs, spaces, visible ASCII and Latin-1 characters (no control characters or line breaks)",
  )
  .refine(
    (v) => v !== MASKED_HEADER_VALUE,
    `is the mask answers show; leave the header out of a PATCH to keep its value`,
  );

const headersField = z
  .record(headerName, headerValue)
  .refine((h) => Object.keys(h).length <= MAX_HEADERS, `at most ${MAX_HEADERS} headers`)
  .describe(
    `extra headers sent with every delivery. Values are secrets: stored sealed and answered as "${MASKED_HEADER_VALUE}"`,
  );

const headersChange = z
  .record(headerName, headerValue.nullable())
  .describe(
    [
      "merged by name (any case) into the webhook's headers: a value sets that header, null removes it,",
      `headers not named keep their values; null for the whole field removes them all. At most ${MAX_HEADERS} after the change`,
    ].join(" "),
  );

const fields = {
  url: z
    .string({ message: "must be a string" })
    .max(2048, "must be at most 2048 characters")
    .refine((u) => URL.canParse(u), "must be an absolute URL")
    .describe("https endpoint (http only with HERALD_ALLOW_HTTP)"),
  events: eventsField,
  secret: z
    .string({ message: "must be a string" })
    .min(10, "must be 10-50 characters")
    .max(50, "must be 10-50 characters")
    .describe("signing secret; generated (`whsec_...`) when omitted"),
  tenant_id: z
    .uuid({ message: "must be a UUID" })
    .nullable()
    .describe("owning tenant; null or absent for a global webhook (admin only)"),
  description: z.string({ message: "must be a string" }).max(500, "must be at most 500 characters").nullable(),
  enabled: z.boolean({ message: "must be true or false" }),
  headers: headersField.nullable(),
  rate_limit: z
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 10000")
    .max(10000, "must be between 1 and 10000")
    .nullable()
    .describe("deliveries per second; null = unlimited"),
  notification_email: z.email({ message: "must be an email address" }).max(320).nullable(),
  signature_scheme: z
    .enum(SIGNATURE_SCHEMES, { message: `must be one of ${SIGNATURE_SCHEMES.map((s) => `"${s}"`).join(", ")}` })
    .describe(
      "`hmac-sha256` (default): `v1,` signatures with the secret. `ed25519`: `v1a,` signatures with a key pair Herald generates; verify with `public_key`",
    ),
  max_in_flight: z
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 1000")
    .max(1000, "must be between 1 and 1000")
    .nullable()
    .describe(
      "requests under way at once to this endpoint, across all workers; null = unlimited (a FIFO endpoint has one)",
    ),
  ordering: z
    .enum(["unordered", "fifo"], { message: "must be unordered or fifo" })
    .describe(
      "fifo: one delivery at a time, in the order the events were accepted (docs/deliveries.md says what that promises)",
    ),
  fifo_on_failure: z
    .enum(["skip", "block"], { message: "must be skip or block" })
    .describe(
      "a FIFO line whose head is dead-lettered moves on (skip) or waits until the head is retried and succeeds (block)",
    ),
  filter: filterField.nullable(),
};

export const createWebhookBody = z.strictObject({
  url: fields.url,
  events: fields.events,
  secret: fields.secret.optional(),
  tenant_id: fields.tenant_id.optional(),
  description: fields.description.optional(),
  enabled: fields.enabled.optional(),
  headers: fields.headers.optional(),
  rate_limit: fields.rate_limit.optional(),
  max_in_flight: fields.max_in_flight.optional(),
  ordering: fields.ordering.optional(),
  fifo_on_failure: fields.fifo_on_failure.optional(),
  notification_email: fields.notification_email.optional(),
  signature_scheme: fields.signature_scheme.optional(),
  filter: fields.filter.optional(),
});
export type CreateWebhookInput = z.infer<typeof createWebhookBody>;

export const updateWebhookBody = createWebhookBody
  .extend({
    tenant_id: fields.tenant_id.describe(
      "fixed at creation: only the current value is accepted; any other is a 409 " +
        "(the webhook's delivery history stays with its tenant), create a new webhook instead",
    ),
  })
  .partial()
  .extend({ headers: headersChange.nullable().optional() })
  .refine((b) => Object.keys(b).length > 0, "give at least one field to change");
export type UpdateWebhookInput = z.infer<typeof updateWebhookBody>;

export const listWebhooksQuery = z.strictObject({
  tenant_id: z.uuid({ message: "must be a UUID" }).optional(),
  limit: limitParam(100, 50),
  cursor: cursorParam,
});

export const webhookOut = z.object({
  id: z.uuid(),
  tenant_id: z.uuid().nullable(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable(),
  disabled_at: timestamp.nullable(),
  headers: z
    .record(z.string(), z.literal(MASKED_HEADER_VALUE))
    .nullable()
    .describe(`the custom headers' names, each with the value "${MASKED_HEADER_VALUE}": values are write-only`),
  rate_limit: z.number().int().nullable(),
  max_in_flight: z.number().int().nullable(),
  ordering: z.enum(["unordered", "fifo"]),
  fifo_on_failure: z.enum(["skip", "block"]),
  notification_email: z.string().nullable(),
  signature_scheme: z.enum(SIGNATURE_SCHEMES),
  public_key: z
    .string()
    .nullable()
    .describe(
      "ed25519 only: `whpk_` + base64 of the raw 32-byte Ed25519 public key that verifies the `v1a,` signatures; null for hmac-sha256",
    ),
  filter: z.record(z.string(), z.unknown()).nullable().describe("payload filter; null = every event of its patterns"),
  created_at: timestamp,
  updated_at: timestamp,
});
export type WebhookOut = z.infer<typeof webhookOut>;

export const webhookWithSecretOut = webhookOut.extend({
  secret: z
    .string()
    .describe(
      "the HMAC secret, shown only in this response (an ed25519 webhook keeps one too, for a switch back to hmac-sha256)",
    ),
});
