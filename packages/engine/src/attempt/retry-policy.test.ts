import { MAX_RETRY_AFTER_MS, nextRetryDelayMs } from "./deliver-webhook.processor.ts";

const schedule = [60, 300, 1800, 7200, 86400];

describe("nextRetryDelayMs", () => {
  it("follows the schedule, then gives up: 1 + len(schedule) attempts", () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5].map((attemptsMade) => nextRetryDelayMs({ attemptsMade, schedule, random: mid }))).toEqual([
      60_000, 300_000, 1_800_000, 7_200_000, 86_400_000,
    ]);
    expect(nextRetryDelayMs({ attemptsMade: 6, schedule, random: mid })).toBeNull();
    expect(nextRetryDelayMs({ attemptsMade: 1, schedule: [], random: mid })).toBeNull();
  });

  it("adds at most ±10 % jitter", () => {
    expect(nextRetryDelayMs({ attemptsMade: 1, schedule, random: () => 0 })).toBe(54_000);
    expect(nextRetryDelayMs({ attemptsMade: 1, schedule, random: () => 0.999999 })).toBe(66_000);
    const seen = new Set(Array.from({ length: 50 }, () => nextRetryDelayMs({ attemptsMade: 2, schedule })));
    for (const delay of seen) expect(delay).toBeGreaterThanOrEqual(270_000);
    for (const delay of seen) expect(delay).toBeLessThanOrEqual(330_000);
    expect(seen.size).toBeGreaterThan(1);
  });

  it("honours a longer Retry-After, bounded, and ignores a shorter one", () => {
    const mid = () => 0.5;
    expect(nextRetryDelayMs({ attemptsMade: 1, schedule, retryAfterMs: 600_000, random: mid })).toBe(600_000);
    expect(nextRetryDelayMs({ attemptsMade: 1, schedule, retryAfterMs: 5_000, random: mid })).toBe(60_000);
    expect(nextRetryDelayMs({ attemptsMade: 1, schedule, retryAfterMs: 90 * 86_400_000, random: mid })).toBe(
      MAX_RETRY_AFTER_MS,
    );
    expect(nextRetryDelayMs({ attemptsMade: 6, schedule, retryAfterMs: 1_000, random: mid })).toBeNull();
  });
});
