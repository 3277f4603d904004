-- Payload filters: a webhook may hold a filter over the envelope of an event
-- (README "Payload filters"), a MongoDB-style document that the API
-- validates on every write. Fan-out evaluates it in Postgres, inside the
-- statement that stores a batch of events and creates their deliveries, so a
-- filtered-out endpoint never gets a delivery row; the filter test endpoint
-- calls the same functions, so it cannot disagree with fan-out.
--
-- Semantics (kept in step with the README and the property test, which
-- checks them against the sift library):
-- * a filter is an object; all of its entries must hold. "$and"/"$or" take a
--   list of filters, "$not" one filter; any other key is a dotted path.
-- * a path walks objects only (never into arrays, strings or numbers); where
--   it does not lead to a value, the field is missing.
-- * a condition is a value (equality) or an object of operators, all of which
--   must hold: $eq $ne $in $nin $gt $gte $lt $lte $exists $not.
-- * a value satisfies an operator if it does, or if it is an array one of
--   whose elements does (MongoDB's rule); $ne/$nin/$not are the negation of
--   $eq/$in/the operators, so they fail if any element matches.
-- * equality is deep JSON equality (object key order does not matter,
--   numbers compare by value); a missing field equals null.
-- * $gt/$gte/$lt/$lte take numbers (the API refuses anything else) and
--   hold only for numbers.
-- Anything malformed (only possible by writing the column by hand) does not
-- match rather than raising: an error would fail every publish it meets.

-- The envelope an endpoint receives (see buildEnvelope in @herald/delivery):
-- the document filters read.
CREATE FUNCTION "herald_filter_envelope"(id TEXT, type TEXT, created_at TIMESTAMPTZ, tenant_id UUID, data JSONB) RETURNS JSONB LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT jsonb_build_object('id', id, 'event', type, 'created_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'tenant_id', tenant_id, 'data', data)
$$;

-- The value at a path, walking objects only; NULL when missing.
CREATE FUNCTION "herald_filter_get"(doc JSONB, path TEXT[]) RETURNS JSONB LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  seg TEXT;
BEGIN
  FOREACH seg IN ARRAY path LOOP
    IF jsonb_typeof(doc) IS DISTINCT FROM 'object' THEN
      RETURN NULL;
    END IF;
    doc := doc -> seg;
  END LOOP;
  RETURN doc;
END
$$;

-- Whether a present value satisfies one positive operator.
CREATE FUNCTION "herald_filter_test"(op TEXT, arg JSONB, val JSONB) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE op
    WHEN '$eq' THEN val = arg
    WHEN '$in' THEN CASE WHEN jsonb_typeof(arg) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(arg) AS a(v) WHERE a.v = val) ELSE false END
    ELSE CASE WHEN jsonb_typeof(val) <> 'number' OR jsonb_typeof(arg) <> 'number' THEN false ELSE CASE op
      WHEN '$gt' THEN val > arg
      WHEN '$gte' THEN val >= arg
      WHEN '$lt' THEN val < arg
      WHEN '$lte' THEN val <= arg
      ELSE false
    END END
  END
$$;

-- A field (NULL: missing) satisfies a positive operator: the value or, for
-- an array, one of its elements does; a missing field only equals null.
CREATE FUNCTION "herald_filter_any"(op TEXT, arg JSONB, val JSONB) RETURNS BOOLEAN LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN val IS NULL THEN herald_filter_test(op, arg, 'null'::jsonb)
    WHEN herald_filter_test(op, arg, val) THEN true
    WHEN jsonb_typeof(val) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(val) AS e(v) WHERE herald_filter_test(op, arg, e.v))
    ELSE false
  END
$$;

-- A field (NULL: missing) satisfies a condition: a value, or an object of operators.
CREATE FUNCTION "herald_filter_field"(cond JSONB, val JSONB) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  op TEXT;
  arg JSONB;
BEGIN
  IF jsonb_typeof(cond) IS DISTINCT FROM 'object' OR NOT EXISTS (SELECT 1 FROM jsonb_object_keys(cond) AS k(key) WHERE left(k.key, 1) = '$') THEN
    RETURN herald_filter_any('$eq', cond, val);
  END IF;
  FOR op, arg IN SELECT key, value FROM jsonb_each(cond) LOOP
    IF (CASE op
      WHEN '$ne' THEN NOT herald_filter_any('$eq', arg, val)
      WHEN '$nin' THEN NOT herald_filter_any('$in', arg, val)
      WHEN '$exists' THEN CASE WHEN jsonb_typeof(arg) = 'boolean' THEN (val IS NOT NULL) = (arg = 'true'::jsonb) END
      WHEN '$not' THEN NOT herald_filter_field(arg, val)
      ELSE herald_filter_any(op, arg, val)
    END) IS NOT TRUE THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END
$$;

-- Whether an envelope matches a filter.
CREATE FUNCTION "herald_filter_matches"(filter JSONB, doc JSONB) RETURNS BOOLEAN LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  k TEXT;
  v JSONB;
BEGIN
  IF jsonb_typeof(filter) <> 'object' THEN
    RETURN false;
  END IF;
  FOR k, v IN SELECT key, value FROM jsonb_each(filter) LOOP
    IF (CASE k
      WHEN '$and' THEN CASE WHEN jsonb_typeof(v) = 'array' THEN NOT EXISTS (SELECT 1 FROM jsonb_array_elements(v) AS f(x) WHERE herald_filter_matches(f.x, doc) IS NOT TRUE) END
      WHEN '$or' THEN CASE WHEN jsonb_typeof(v) = 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(v) AS f(x) WHERE herald_filter_matches(f.x, doc)) END
      WHEN '$not' THEN CASE WHEN jsonb_typeof(v) = 'object' THEN NOT herald_filter_matches(v, doc) END
      ELSE herald_filter_field(v, herald_filter_get(doc, string_to_array(k, '.')))
    END) IS NOT TRUE THEN
      RETURN false;
    END IF;
  END LOOP;
  RETURN true;
END
$$;

-- AlterTable
ALTER TABLE "webhooks" ADD COLUMN "filter" JSONB;
