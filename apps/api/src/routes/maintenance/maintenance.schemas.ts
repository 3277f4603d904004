import { z } from "zod";

const key = z
  .string({ message: "must be a string" })
  .min(16, "must be at least 16 characters (64 hex chars recommended)")
  .max(512, "must be at most 512 characters");

export const rotateKeyBody = z
  .strictObject({
    old_key: key.describe("the key the secrets are sealed with now (HERALD_ENCRYPTION_KEY)"),
    new_key: key.describe("the key to seal them with from now on"),
  })
  .refine((b) => b.old_key !== b.new_key, { message: "must differ from old_key", path: ["new_key"] });

export const rotateKeyOut = z.object({
  webhooks_rotated: z.number().int().describe("webhooks whose secret(s) were re-encrypted"),
  secrets_rotated: z
    .number()
    .int()
    .describe("sealed values re-encrypted (current + previous secrets, current + previous ed25519 private keys)"),
  restart_required: z.literal(true),
  message: z.string(),
});

export const purgeOut = z.object({
  retention_days: z.number().int(),
  cutoff: z.iso.datetime({ offset: true }),
  events_deleted: z.number().int(),
  deliveries_deleted: z.number().int(),
  attempts_deleted: z.number().int(),
  consents_deleted: z.number().int(),
  partitions_dropped: z.array(z.string()).describe("partitions dropped whole (events_p20261120, ...)"),
  events_kept: z.number().int().describe("events past the cutoff kept for their pending deliveries"),
});
