-- Ed25519 signatures (Standard Webhooks v1a) per webhook. Adding nullable
-- columns and one with a constant default rewrites nothing (Postgres 11+).
-- AlterTable
ALTER TABLE "webhooks" ADD COLUMN     "previous_signing_key_encrypted" TEXT,
ADD COLUMN     "previous_signing_key_expires_at" TIMESTAMPTZ(3),
ADD COLUMN     "public_key" TEXT,
ADD COLUMN     "signature_scheme" TEXT NOT NULL DEFAULT 'hmac-sha256',
ADD COLUMN     "signing_key_encrypted" TEXT;

-- Written by hand (Prisma does not describe CHECK constraints): the scheme is
-- one Herald knows, and an ed25519 webhook always has its key pair.
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_signature_scheme_check"
  CHECK ("signature_scheme" IN ('hmac-sha256', 'ed25519')
    AND ("signature_scheme" <> 'ed25519' OR ("signing_key_encrypted" IS NOT NULL AND "public_key" IS NOT NULL)));
