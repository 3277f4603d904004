/** A receiver's Retry-After is honoured up to this, so one answer cannot park a delivery for months. */
export const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;
const JITTER = 0.1;

export interface RetryInput {
  /** Attempts made so far, including the one that just failed (1-based). */
  attemptsMade: number;
  /** Seconds to wait before each retry (HERALD_RETRY_SCHEDULE). */
  schedule: readonly number[];
  /** From a 429/503 answer. */
  retryAfterMs?: number;
  /** [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

/**
 * The one place that decides when a failed delivery is tried again: the
 * schedule's next step with ±10 % jitter (so a recovering endpoint is not hit
 * by every delivery in the same second), stretched to a longer Retry-After
 * (bounded). `null` once the schedule is spent: the delivery has failed.
 * 1 + schedule.length attempts in all.
 */
export function nextRetryDelayMs({
  attemptsMade,
  schedule,
  retryAfterMs,
  random = Math.random,
}: RetryInput): number | null {
  const step = schedule[attemptsMade - 1];
  if (step === undefined) return null;
  const jittered = Math.round(step * 1000 * (1 - JITTER + 2 * JITTER * random()));
  if (retryAfterMs !== undefined && retryAfterMs > jittered) return Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return jittered;
}
