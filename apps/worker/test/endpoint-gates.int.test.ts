import { randomBytes, randomUUID } from "node:crypto";
import { createRedisConnection } from "@herald/queue";
import type { Redis } from "ioredis";
import { createCircuitBreaker } from "../src/circuit-breaker.ts";
import { createNotificationDigest } from "../src/notification-digest.ts";
import { createRateLimiter, RATE_WINDOW_MS } from "../src/rate-limiter.ts";
import { REDIS_URL } from "./helpers/health-worker.ts";

// The gates are shared through Redis: two connections stand in for two worker processes.

const prefix = `herald-test-gates-${randomBytes(4).toString("hex")}`;
let a: Redis;
let b: Redis;

beforeAll(() => {
  a = createRedisConnection({ url: REDIS_URL, role: "worker" });
  b = createRedisConnection({ url: REDIS_URL, role: "worker" });
});
afterAll(async () => {
  const keys = await a.keys(`${prefix}:*`);
  if (keys.length) await a.del(...keys);
  a.disconnect();
  b.disconnect();
});

describe("rate limiter", () => {
  it("admits exactly `limit` of many concurrent callers per second and tells the rest how long to wait", async () => {
    const webhookId = randomUUID();
    const limiters = [createRateLimiter({ redis: a, prefix }), createRateLimiter({ redis: b, prefix })];
    const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 2]!.admit(webhookId, 5)));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    for (const w of waits.filter((w) => w > 0)) expect(w).toBeLessThanOrEqual(RATE_WINDOW_MS);
    // Another endpoint has its own budget.
    expect(await limiters[0]!.admit(randomUUID(), 5)).toBe(0);
    await new Promise((r) => setTimeout(r, Math.max(...waits) + 10));
    expect(await limiters[1]!.admit(webhookId, 5)).toBe(0);
  });
});

describe("circuit breaker", () => {
  it("opens at the threshold, lets exactly one of many workers probe per interval, and closes on success", async () => {
    const webhookId = randomUUID();
    const [one, two] = [a, b].map((redis) => createCircuitBreaker({ redis, prefix, threshold: 3, probeIntervalMs: 300 }));
    expect(await one!.admit(webhookId)).toEqual({ state: "closed", failures: 0 });
    expect(await one!.recordFailure(webhookId)).toBe(false);
    expect(await two!.recordFailure(webhookId)).toBe(false);
    expect(await two!.admit(webhookId)).toEqual({ state: "closed", failures: 2 });
    expect(await one!.recordFailure(webhookId)).toBe(true);
    // Right after opening nobody probes: the first probe is one interval away.
    const during = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two)!.admit(webhookId)));
    expect(during.every((g) => g.state === "open" && g.nextProbeInMs > 0 && g.nextProbeInMs <= 300)).toBe(true);
    await new Promise((r) => setTimeout(r, 320));
    const gates = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two)!.admit(webhookId)));
    expect(gates.filter((g) => g.state === "probe")).toHaveLength(1);
    expect(await one!.recordSuccess(webhookId)).toBe(true);
    expect(await two!.admit(webhookId)).toEqual({ state: "closed", failures: 0 });
  });
});

describe("notification digest", () => {
  it("mails the first incident at once and hands the window's others to exactly one worker as one digest", async () => {
    const [one, two] = [a, b].map((redis) => createNotificationDigest({ redis, prefix, windowMs: 300 }));
    const to = `ops-${randomBytes(3).toString("hex")}@example.test`;
    expect(await one!.note(to, "first")).toBe("now");
    expect(await Promise.all(["second", "third", "fourth"].map((i, n) => (n % 2 ? one : two)!.note(to, i)))).toEqual(["queued", "queued", "queued"]);
    expect([...(await one!.claimDue()), ...(await two!.claimDue())]).toEqual([]);
    await new Promise((r) => setTimeout(r, 350));
    const claims = (await Promise.all([one!.claimDue(), two!.claimDue()])).flat();
    // The three notes raced on two connections: any order.
    expect(claims.map((c) => ({ ...c, incidents: [...c.incidents].sort() }))).toEqual([{ recipient: to, total: 3, incidents: ["fourth", "second", "third"] }]);
    // The digest opened a new window: the next incident waits for the next digest.
    expect(await two!.note(to, "fifth")).toBe("queued");
    await new Promise((r) => setTimeout(r, 350));
    expect(await one!.claimDue()).toEqual([{ recipient: to, total: 1, incidents: ["fifth"] }]);
    // A quiet window later, an incident mails at once again.
    await new Promise((r) => setTimeout(r, 350));
    expect(await one!.note(to, "sixth")).toBe("now");
  });
});
