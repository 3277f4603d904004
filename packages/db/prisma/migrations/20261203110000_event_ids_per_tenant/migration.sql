-- Event ids per tenant (issue 21, item 7): a client-chosen id is unique
-- within its tenant, or among global events, no longer across tenants (one
-- tenant's 409 told it what ids another used, and let it claim them first).
--
-- deliveries.event_id, the worker's load and retention join deliveries to
-- events by events.id alone, so events.id stays unique across tenants: it is
-- Herald's own key (a UUIDv7 for every new event). The client's id moves to
-- events.client_id, which users and receivers see instead (API answers, the
-- envelope and so its signature); null when Herald made the id.
--
-- event_keys claims the id users see (client_id, else id) per tenant:
-- (public_id, tenant_id) is unique with NULLS NOT DISTINCT, so the global
-- events (tenant_id null) are one scope too. Written by hand: Prisma describes
-- the index without NULLS NOT DISTINCT.
--
-- Existing events keep their ids (events.id, shown as before) and those stay
-- taken in their tenant: their event_keys rows are filled from events. This
-- updates every event_keys row once (one row per event within retention).
ALTER TABLE "events" ADD COLUMN "client_id" TEXT;

ALTER TABLE "event_keys" ADD COLUMN "public_id" TEXT, ADD COLUMN "tenant_id" UUID;
UPDATE "event_keys" k SET "public_id" = e."id", "tenant_id" = e."tenant_id"
  FROM "events" e WHERE e."id" = k."event_id" AND e."created_at" = k."created_at";
-- A key whose event is gone (none should be) stays taken among global events.
UPDATE "event_keys" SET "public_id" = "event_id" WHERE "public_id" IS NULL;
ALTER TABLE "event_keys" ALTER COLUMN "public_id" SET NOT NULL;
CREATE UNIQUE INDEX "event_keys_public_id_tenant_id_key" ON "event_keys"("public_id", "tenant_id") NULLS NOT DISTINCT;

-- The triggers of partitioned_history, claiming and syncing the new columns
-- too (an insert that did not claim first, e.g. retention putting kept events
-- back, claims the id users see in its tenant).
CREATE OR REPLACE FUNCTION "herald_claim_event_keys"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM event_keys k
    WHERE k.event_id = NEW.id AND k.created_at = NEW.created_at AND k.idempotency_key IS NOT DISTINCT FROM NEW.idempotency_key
      AND k.public_id = coalesce(NEW.client_id, NEW.id) AND k.tenant_id IS NOT DISTINCT FROM NEW.tenant_id;
  IF NOT FOUND THEN
    INSERT INTO event_keys (event_id, public_id, tenant_id, idempotency_key, created_at)
      VALUES (NEW.id, coalesce(NEW.client_id, NEW.id), NEW.tenant_id, NEW.idempotency_key, NEW.created_at);
  END IF;
  RETURN NEW;
END
$$;

CREATE OR REPLACE FUNCTION "herald_sync_event_keys"() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  UPDATE event_keys
    SET event_id = NEW.id, public_id = coalesce(NEW.client_id, NEW.id), tenant_id = NEW.tenant_id,
      idempotency_key = NEW.idempotency_key, created_at = NEW.created_at
    WHERE event_id = OLD.id AND (event_id, public_id, tenant_id, idempotency_key, created_at)
      IS DISTINCT FROM (NEW.id, coalesce(NEW.client_id, NEW.id), NEW.tenant_id, NEW.idempotency_key, NEW.created_at);
  RETURN NEW;
END
$$;
DROP TRIGGER "events_sync_keys" ON "events";
CREATE TRIGGER "events_sync_keys" BEFORE UPDATE OF "id", "client_id", "tenant_id", "idempotency_key", "created_at" ON "events"
  FOR EACH ROW EXECUTE FUNCTION "herald_sync_event_keys"();
