-- Payload filters are evaluated by the API, within a budget per event
-- (packages/db/src/delivery-store/payload-filter.ts), no longer inside the
-- statement that stores a batch of events: there, one tenant's costly filter
-- and large event held every other tenant's publishes in the same batch.
-- The SQL evaluator is gone with it, so the rules exist once.
DROP FUNCTION "herald_filter_matches"(JSONB, JSONB);
DROP FUNCTION "herald_filter_field"(JSONB, JSONB);
DROP FUNCTION "herald_filter_any"(TEXT, JSONB, JSONB);
DROP FUNCTION "herald_filter_test"(TEXT, JSONB, JSONB);
DROP FUNCTION "herald_filter_get"(JSONB, TEXT[]);
DROP FUNCTION "herald_filter_envelope"(TEXT, TEXT, TIMESTAMPTZ, UUID, JSONB);
