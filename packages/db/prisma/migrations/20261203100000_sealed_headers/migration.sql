-- Custom header values are secrets, sealed with HERALD_ENCRYPTION_KEY like the signing secrets. SQL cannot seal
-- (the AES is the app's), so the clear values move aside to unsealed_headers, which the API and the worker seal into
-- sealed_headers when they start; a process still reading "headers" fails its query instead of sending ciphertext.
ALTER TABLE "webhooks" RENAME COLUMN "headers" TO "unsealed_headers";
ALTER TABLE "webhooks" ADD COLUMN "sealed_headers" JSONB;
