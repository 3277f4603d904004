-- Attempt numbers go on across an operator's restart (attempt 6 after 5):
-- attempt_count is no longer reset; the retry schedule counts the attempts
-- made since attempts_at_restart. Rows restarted before this had their count
-- reset already, so 0 is right for every existing row.
ALTER TABLE "deliveries" ADD COLUMN     "attempts_at_restart" INTEGER NOT NULL DEFAULT 0;

-- The attempt that sent its delivery to the dead-letter queue, kept whatever
-- becomes of the delivery, so charts count dead letters when they happened
-- (they counted deliveries still failed, so a replay erased its dead letter).
ALTER TABLE "delivery_attempts" ADD COLUMN     "dead_lettered" BOOLEAN NOT NULL DEFAULT false;

-- Backfill: the last attempt of each delivery in the dead-letter queue now
-- (its recorded time is the delivery's last_attempt_at). A dead letter
-- already replayed before this migration left no such trace and stays uncounted.
UPDATE "delivery_attempts" a SET "dead_lettered" = true
FROM "deliveries" d
WHERE d.status = 'failed' AND a.delivery_id = d.id AND a.created_at = d.last_attempt_at;
