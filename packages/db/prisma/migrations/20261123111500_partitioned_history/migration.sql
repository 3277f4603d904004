-- Time-partitioned history: events, deliveries and delivery_attempts become
-- RANGE-partitioned by time, one partition per UTC day (created ahead of time
-- by ensurePartitions in @herald/db) plus a DEFAULT partition each, so an
-- insert never fails for want of a partition. Retention then drops whole days
-- (purgeHistory) instead of deleting rows. Written by hand: Prisma cannot
-- describe partitioned tables; schema.prisma describes the columns and
-- indexes as the client sees them.
--
-- Partition keys, and why:
-- * events: created_at. Event ids may be client-supplied text, so the id says
--   nothing about time. Postgres only accepts a primary key that contains the
--   partition key, so the key is (id, created_at); event id uniqueness moves
--   to event_keys (below).
-- * deliveries: id. It is a UUIDv7 whose first 48 bits are the Unix ms of the
--   publish batch, the same instant as its event's created_at (both are $8 of
--   the create statement), so a day's deliveries lie in the same day as their
--   events and the primary key stays (id).
-- * delivery_attempts: delivery_id, not its own id. Attempts of a delivery
--   come later (retries up to a day on, manual retries any time), so by their
--   own id they would be spread over later days, and a day of deliveries could
--   only be dropped after deleting rows from newer attempt partitions. Keyed
--   by delivery_id, a delivery and all its attempts share a day: the day's
--   attempts partition is dropped, then its deliveries partition (the foreign
--   key attempts -> deliveries fixes that order), then its events partition.
--   Lookups of a delivery's attempts also prune to one partition. The
--   primary key becomes (id, delivery_id); ids are random UUIDv7s.
--
-- Foreign keys: delivery_attempts -> deliveries and deliveries -> webhooks
-- stay. deliveries -> events cannot: it would have to reference (id,
-- created_at), a column deliveries do not have. A delivery is only ever
-- written in the same statement as its event, and both are dropped with
-- their day, so nothing is orphaned.
--
-- Existing data is not copied: the old tables become each parent's
-- "_legacy" partition, covering everything up to the end of the day the
-- migration runs (rows outside that range, e.g. non-v7 delivery ids, move to
-- the DEFAULT partition first). purgeHistory drops the legacy partitions like
-- any other day once they are past retention. On an empty database the old
-- tables are simply dropped.

-- Postgres 15 has no uuidv7(): the smallest UUIDv7 of an instant, the lower
-- bound of a day's deliveries/attempts partition.
CREATE FUNCTION "herald_uuidv7_floor"(ts TIMESTAMPTZ) RETURNS UUID LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT (lpad(to_hex(floor(extract(epoch FROM ts) * 1000)::bigint), 12, '0') || '00000000000000000000')::uuid
$$;

-- Event ids and per-tenant idempotency keys, unique across every partition:
-- a partitioned table can only enforce uniqueness that includes its
-- partition key. One row per event, so one ON CONFLICT DO NOTHING claims
-- both or neither. A row lives as long as its event (purgeHistory deletes
-- the rows of the days it drops); an idempotency key older than the replay
-- window is released (set to null) when it is reused, as before.
CREATE TABLE "event_keys" (
    "event_id" TEXT NOT NULL,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "event_keys_pkey" PRIMARY KEY ("event_id")
);
CREATE UNIQUE INDEX "event_keys_idempotency_key_key" ON "event_keys"("idempotency_key");
CREATE INDEX "event_keys_created_at_idx" ON "event_keys"("created_at");
INSERT INTO "event_keys" ("event_id", "idempotency_key", "created_at") SELECT "id", "idempotency_key", "created_at" FROM "events";

-- The old tables lose the constraints their partitioned parents re-create.
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_event_id_fkey";
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_webhook_id_fkey";
ALTER TABLE "delivery_attempts" DROP CONSTRAINT "delivery_attempts_delivery_id_fkey";
ALTER TABLE "events" DROP CONSTRAINT "events_pkey";
DROP INDEX "events_idempotency_key_key";
ALTER TABLE "delivery_attempts" DROP CONSTRAINT "delivery_attempts_pkey";

ALTER TABLE "events" RENAME TO "events_legacy";
ALTER INDEX "events_tenant_id_created_at_idx" RENAME TO "events_legacy_tenant_id_created_at_idx";
ALTER INDEX "events_created_at_idx" RENAME TO "events_legacy_created_at_idx";

ALTER TABLE "deliveries" RENAME TO "deliveries_legacy";
ALTER TABLE "deliveries_legacy" RENAME CONSTRAINT "deliveries_pkey" TO "deliveries_legacy_pkey";
ALTER INDEX "deliveries_status_created_at_idx" RENAME TO "deliveries_legacy_status_created_at_idx";
ALTER INDEX "deliveries_status_next_attempt_at_idx" RENAME TO "deliveries_legacy_status_next_attempt_at_idx";
ALTER INDEX "deliveries_webhook_id_created_at_id_idx" RENAME TO "deliveries_legacy_webhook_id_created_at_id_idx";
ALTER INDEX "deliveries_webhook_id_status_created_at_idx" RENAME TO "deliveries_legacy_webhook_id_status_created_at_idx";
ALTER INDEX "deliveries_tenant_id_status_idx" RENAME TO "deliveries_legacy_tenant_id_status_idx";
ALTER INDEX "deliveries_event_id_idx" RENAME TO "deliveries_legacy_event_id_idx";

ALTER TABLE "delivery_attempts" RENAME TO "delivery_attempts_legacy";
ALTER INDEX "delivery_attempts_delivery_id_created_at_idx" RENAME TO "delivery_attempts_legacy_delivery_id_created_at_idx";
ALTER INDEX "delivery_attempts_created_at_idx" RENAME TO "delivery_attempts_legacy_created_at_idx";

-- The partitioned parents: same columns in the same order, same index names
-- as Prisma gives them (so later generated migrations find them).
CREATE TABLE "events" (
    "id" TEXT NOT NULL,
    "tenant_id" UUID,
    "type" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "idempotency_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id", "created_at")
) PARTITION BY RANGE ("created_at");
CREATE INDEX "events_tenant_id_created_at_idx" ON "events"("tenant_id", "created_at");
CREATE INDEX "events_created_at_idx" ON "events"("created_at");
CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;

CREATE TABLE "deliveries" (
    "id" UUID NOT NULL,
    "event_id" TEXT NOT NULL,
    "webhook_id" UUID NOT NULL,
    "tenant_id" UUID,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempt_count" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3),
    "last_attempt_at" TIMESTAMPTZ(3),
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
) PARTITION BY RANGE ("id");
CREATE INDEX "deliveries_status_created_at_idx" ON "deliveries"("status", "created_at");
CREATE INDEX "deliveries_status_next_attempt_at_idx" ON "deliveries"("status", "next_attempt_at");
CREATE INDEX "deliveries_webhook_id_created_at_id_idx" ON "deliveries"("webhook_id", "created_at", "id");
CREATE INDEX "deliveries_webhook_id_status_created_at_idx" ON "deliveries"("webhook_id", "status", "created_at");
CREATE INDEX "deliveries_tenant_id_status_idx" ON "deliveries"("tenant_id", "status");
CREATE INDEX "deliveries_event_id_idx" ON "deliveries"("event_id");
CREATE TABLE "deliveries_default" PARTITION OF "deliveries" DEFAULT;

CREATE TABLE "delivery_attempts" (
    "id" UUID NOT NULL,
    "delivery_id" UUID NOT NULL,
    "attempt_number" INTEGER NOT NULL,
    "status_code" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "error" TEXT,
    "response_body" TEXT,
    "response_headers" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "delivery_attempts_pkey" PRIMARY KEY ("id", "delivery_id")
) PARTITION BY RANGE ("delivery_id");
CREATE INDEX "delivery_attempts_delivery_id_created_at_idx" ON "delivery_attempts"("delivery_id", "created_at");
CREATE INDEX "delivery_attempts_created_at_idx" ON "delivery_attempts"("created_at");
CREATE TABLE "delivery_attempts_default" PARTITION OF "delivery_attempts" DEFAULT;

-- Old rows: attached in place as one partition per table up to the end of
-- today (UTC), or dropped when there are none.
DO $$
DECLARE
  upper_ts TIMESTAMPTZ := date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '1 day';
  upper_id UUID := herald_uuidv7_floor(upper_ts);
BEGIN
  IF NOT EXISTS (SELECT 1 FROM events_legacy) AND NOT EXISTS (SELECT 1 FROM deliveries_legacy) AND NOT EXISTS (SELECT 1 FROM delivery_attempts_legacy) THEN
    DROP TABLE delivery_attempts_legacy, deliveries_legacy, events_legacy;
    RETURN;
  END IF;
  INSERT INTO events SELECT * FROM events_legacy WHERE created_at >= upper_ts;
  DELETE FROM events_legacy WHERE created_at >= upper_ts;
  INSERT INTO deliveries SELECT * FROM deliveries_legacy WHERE id >= upper_id;
  DELETE FROM deliveries_legacy WHERE id >= upper_id;
  INSERT INTO delivery_attempts SELECT * FROM delivery_attempts_legacy WHERE delivery_id >= upper_id;
  DELETE FROM delivery_attempts_legacy WHERE delivery_id >= upper_id;
  EXECUTE format('ALTER TABLE events ATTACH PARTITION events_legacy FOR VALUES FROM (MINVALUE) TO (%L)', upper_ts);
  EXECUTE format('ALTER TABLE deliveries ATTACH PARTITION deliveries_legacy FOR VALUES FROM (MINVALUE) TO (%L)', upper_id);
  EXECUTE format('ALTER TABLE delivery_attempts ATTACH PARTITION delivery_attempts_legacy FOR VALUES FROM (MINVALUE) TO (%L)', upper_id);
END $$;

ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "deliveries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every insert into events claims its id and idempotency key in event_keys;
-- a taken one fails as a unique violation, as the old unique indexes did.
-- The create statement claims first (ON CONFLICT DO NOTHING, so a taken key
-- skips just that event) and inserts only the events it claimed; this
-- trigger then finds the claim and writes nothing.
CREATE FUNCTION "herald_claim_event_keys"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM event_keys k
    WHERE k.event_id = NEW.id AND k.created_at = NEW.created_at AND k.idempotency_key IS NOT DISTINCT FROM NEW.idempotency_key;
  IF NOT FOUND THEN
    INSERT INTO event_keys (event_id, idempotency_key, created_at) VALUES (NEW.id, NEW.idempotency_key, NEW.created_at);
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "events_claim_keys" BEFORE INSERT ON "events" FOR EACH ROW EXECUTE FUNCTION "herald_claim_event_keys"();

-- An update of an event's id, idempotency key or created_at carries over to
-- its event_keys row (releasing an expired key is such an update; a key taken
-- by another event fails as a unique violation, as before). A created_at
-- that moves the row to another partition is a delete and an insert to
-- Postgres: the insert trigger above then finds the row already in sync.
CREATE FUNCTION "herald_sync_event_keys"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  UPDATE event_keys SET event_id = NEW.id, idempotency_key = NEW.idempotency_key, created_at = NEW.created_at
    WHERE event_id = OLD.id AND (event_id, idempotency_key, created_at) IS DISTINCT FROM (NEW.id, NEW.idempotency_key, NEW.created_at);
  RETURN NEW;
END
$$;
CREATE TRIGGER "events_sync_keys" BEFORE UPDATE OF "id", "idempotency_key", "created_at" ON "events" FOR EACH ROW EXECUTE FUNCTION "herald_sync_event_keys"();
