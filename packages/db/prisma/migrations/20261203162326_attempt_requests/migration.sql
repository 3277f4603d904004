-- Each attempt keeps the request it sent (issue 23, "you cannot see what was
-- sent"): the URL and every header, custom header values masked (they are
-- secrets). The body is not stored: it is the event's envelope, rebuilt
-- byte for byte from the event row. On a partitioned table the columns reach
-- every partition. Earlier attempts keep nulls: their request is unknown.
ALTER TABLE "delivery_attempts" ADD COLUMN     "request_headers" JSONB,
ADD COLUMN     "request_url" TEXT;
