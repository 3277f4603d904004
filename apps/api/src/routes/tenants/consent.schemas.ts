import { z } from "zod";
import { idParams, timestamp } from "../../openapi/common-schemas.ts";

const purpose = z
  .string({ message: "must be a string" })
  .regex(/^[A-Za-z0-9_.:-]{1,100}$/, "must be 1-100 letters, digits or _ . : -")
  .describe("what the consent covers, e.g. `marketing_emails`");

export const purposeParams = idParams.extend({ purpose });

export const grantConsentBody = z.strictObject({
  purpose,
  expires_at: z.iso
    .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
    .refine((v) => new Date(v).getTime() > Date.now(), "must be in the future")
    .nullable()
    .optional()
    .describe("absent or null: does not expire"),
});
export type GrantConsentInput = z.infer<typeof grantConsentBody>;

export const consentOut = z.object({
  id: z.uuid(),
  tenant_id: z.uuid(),
  purpose: z.string(),
  granted_by: z.string().describe("actor id of the key that granted it"),
  granted_at: timestamp,
  expires_at: timestamp.nullable(),
  active: z.boolean().describe("false once expires_at has passed"),
});
export type ConsentOut = z.infer<typeof consentOut>;
