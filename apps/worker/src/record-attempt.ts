import { sqlPool, uuidv7, type Db } from "@herald/db";
import type { SendResult } from "@herald/delivery";

/** What the attempt decided for the delivery. */
export type Outcome = { status: "success" } | { status: "pending"; retryAt: Date } | { status: "failed" };

export interface RecordInput {
  deliveryId: string;
  /** 1-based; the delivery had `attemptNumber - 1` attempts before this one. */
  attemptNumber: number;
  result: SendResult;
  outcome: Outcome;
  at: Date;
}

/**
 * One statement (so one round trip and its own transaction): the attempt row,
 * and the delivery's new state. The update is conditional on the delivery
 * still being pending at the attempt count this attempt started from, so an
 * attempt that raced a cancellation or a manual retry is recorded without
 * overwriting their state. Returns whether the delivery took this outcome.
 */
export async function recordAttempt(db: Db, { deliveryId, attemptNumber, result, outcome, at }: RecordInput): Promise<boolean> {
  const finished = outcome.status !== "pending";
  const now = new Date();
  const nextAttemptAt = outcome.status === "pending" ? outcome.retryAt : null;
  const headers = result.responseHeaders ? JSON.stringify(result.responseHeaders) : null;
  const { rows } = await sqlPool(db).query<{ updated: number }>({
    name: "herald_record_attempt",
    text: `WITH upd AS (
        UPDATE deliveries SET
          status = $1::"DeliveryStatus", attempt_count = $2, last_attempt_at = $3, last_status_code = $4, last_error = $5,
          next_attempt_at = $6, completed_at = $7, updated_at = $8
        WHERE id = $9::uuid AND status = 'pending' AND attempt_count = $2 - 1
        RETURNING 1
      ), ins AS (
        INSERT INTO delivery_attempts (id, delivery_id, attempt_number, status_code, duration_ms, error, response_body, response_headers, created_at)
        VALUES ($10::uuid, $9::uuid, $2, $4, $11, $5, $12, $13::jsonb, $3)
        RETURNING 1
      )
      SELECT (SELECT count(*) FROM upd)::int AS updated`,
    values: [outcome.status, attemptNumber, at, result.statusCode, result.error, nextAttemptAt, finished ? now : null, now, deliveryId, uuidv7(at.getTime()), Math.round(result.durationMs), result.responseBody, headers],
  });
  return rows[0]?.updated === 1;
}
