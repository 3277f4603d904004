import { uuidv7, type Db } from "@herald/db";
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
  const rows = await db.$queryRaw<{ updated: number }[]>`
    WITH upd AS (
      UPDATE deliveries SET
        status = ${outcome.status}::"DeliveryStatus", attempt_count = ${attemptNumber}, last_attempt_at = ${at},
        last_status_code = ${result.statusCode}, last_error = ${result.error}, next_attempt_at = ${nextAttemptAt},
        completed_at = ${finished ? now : null}, updated_at = ${now}
      WHERE id = ${deliveryId}::uuid AND status = 'pending' AND attempt_count = ${attemptNumber - 1}
      RETURNING 1
    ), ins AS (
      INSERT INTO delivery_attempts (id, delivery_id, attempt_number, status_code, duration_ms, error, response_body, response_headers, created_at)
      VALUES (${uuidv7(at.getTime())}::uuid, ${deliveryId}::uuid, ${attemptNumber}, ${result.statusCode}, ${Math.round(result.durationMs)}, ${result.error},
              ${result.responseBody}, ${headers}::jsonb, ${at})
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM upd)::int AS updated`;
  return rows[0]?.updated === 1;
}
