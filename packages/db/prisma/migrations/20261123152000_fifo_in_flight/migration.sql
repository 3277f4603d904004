-- FIFO endpoints and per-endpoint concurrency (max_in_flight).
CREATE TYPE "WebhookOrdering" AS ENUM ('unordered', 'fifo');
CREATE TYPE "FifoOnFailure" AS ENUM ('skip', 'block');

ALTER TABLE "webhooks" ADD COLUMN "max_in_flight" INTEGER,
  ADD COLUMN "ordering" "WebhookOrdering" NOT NULL DEFAULT 'unordered',
  ADD COLUMN "fifo_on_failure" "FifoOnFailure" NOT NULL DEFAULT 'skip';

-- A FIFO webhook's line: the create statement numbers its deliveries in the
-- order it accepts their events; the head is the lowest pending (or, with
-- fifo_on_failure = block, failed) one.
ALTER TABLE "deliveries" ADD COLUMN "seq" BIGINT;
CREATE SEQUENCE "deliveries_seq" AS BIGINT;
CREATE INDEX "deliveries_fifo_line_idx" ON "deliveries" ("webhook_id", "seq") WHERE "seq" IS NOT NULL AND "status" IN ('pending', 'failed');
