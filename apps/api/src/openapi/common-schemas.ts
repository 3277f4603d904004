import { z } from "zod";

/** The one error body every 4xx/5xx carries. */
export const errorBody = z.object({
  error: z.object({
    code: z.string().describe("machine-readable, e.g. validation_error, not_found"),
    message: z.string(),
    details: z.array(z.object({ field: z.string().optional(), message: z.string() }).loose()),
    request_id: z.string().optional(),
  }),
});

export const idParams = z.strictObject({ id: z.uuid({ message: "must be a UUID" }) });

export const timestamp = z.iso.datetime({ offset: true });

/** An ISO 8601 instant or date in a query string, as a Date. */
export const instantParam = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { message: "must be an ISO 8601 date or date-time" })
  .transform((v) => new Date(v));

/** A since/until window must end after it starts: a list schema's superRefine. */
export function windowInOrder(input: { since?: Date; until?: Date }, ctx: z.RefinementCtx): void {
  if (input.since && input.until && input.until <= input.since)
    ctx.addIssue({ code: "custom", path: ["until"], message: "must be after since" });
}

export const listHeaders = {
  "x-next-cursor": "cursor of the next page, absent on the last page",
  link: 'the next page as `<url>; rel="next"`',
};
