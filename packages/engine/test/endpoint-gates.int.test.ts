import { randomBytes, randomUUID } from "node:crypto";
import { createRedisConnection } from "@herald/queue";
import { endpointKeys } from "../src/endpoint/keys.ts";
import type { Redis } from "ioredis";
import { createCircuitBreaker } from "../src/endpoint/circuit-breaker.ts";
import { createEndpointGate, RATE_WINDOW_MS } from "../src/endpoint/endpoint-gate.ts";
import { createNotificationDigest } from "../src/endpoint/notification-digest.ts";
import { REDIS_URL } from "./helpers/health-worker.ts";

// The gates are shared through Redis: two connections stand in for two worker processes.

// Probe intervals and digest windows: long beside a batch of concurrent Redis
// calls (a few ms), so a loaded machine cannot spread one batch over two
// windows; the test waits WINDOW_MS + 50 ms to cross one, and a wait can only overrun.
const WINDOW_MS = 1500;
const pastWindow = () => new Promise((r) => setTimeout(r, WINDOW_MS + 50));

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
    const limiters = [a, b].map((redis) =>
      createEndpointGate({ redis, prefix, probeIntervalMs: 1000, leaseMs: 30_000 }),
    );
    // The rate limit alone: 0 when the send may go now, else the milliseconds to wait.
    const admit = async (i: number, id: string) => {
      const gate = await limiters[i % 2]!.admit({
        webhookId: id,
        deliveryId: randomUUID(),
        rateLimit: 5,
        maxInFlight: null,
      });
      return gate.state === "rate_limited" ? gate.waitMs : 0;
    };
    const waits = await Promise.all(Array.from({ length: 40 }, (_, i) => admit(i, webhookId)));
    expect(waits.filter((w) => w === 0)).toHaveLength(5);
    for (const w of waits.filter((w) => w > 0)) expect(w).toBeLessThanOrEqual(RATE_WINDOW_MS);
    // Another endpoint has its own budget.
    expect(await admit(0, randomUUID())).toBe(0);
    await new Promise((r) => setTimeout(r, Math.max(...waits) + 10));
    expect(await admit(1, webhookId)).toBe(0);
  });
});

describe("circuit breaker", () => {
  it("opens at the threshold, lets exactly one of many workers probe per interval, and closes on success", async () => {
    const webhookId = randomUUID();
    const [one, two] = [a, b].map((redis) => {
      const breaker = createCircuitBreaker({ redis, prefix, threshold: 3, probeIntervalMs: WINDOW_MS });
      const gate = createEndpointGate({ redis, prefix, probeIntervalMs: WINDOW_MS, leaseMs: 30_000 });
      // The circuit alone: no rate limit, no cap.
      const admit = (id: string) =>
        gate.admit({ webhookId: id, deliveryId: randomUUID(), rateLimit: null, maxInFlight: null });
      return { ...breaker, admit };
    });
    expect(await one!.admit(webhookId)).toEqual({ state: "closed", failures: 0 });
    expect(await one!.recordFailure(webhookId)).toBe(false);
    expect(await two!.recordFailure(webhookId)).toBe(false);
    expect(await two!.admit(webhookId)).toEqual({ state: "closed", failures: 2 });
    expect(await one!.recordFailure(webhookId)).toBe(true);
    // Right after opening nobody probes: the first probe is one interval away.
    const during = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two)!.admit(webhookId)));
    expect(during.every((g) => g.state === "open" && g.nextProbeInMs > 0 && g.nextProbeInMs <= WINDOW_MS)).toBe(true);
    await pastWindow();
    const gates = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : two)!.admit(webhookId)));
    expect(gates.filter((g) => g.state === "half_open")).toHaveLength(1);
    expect(await one!.recordSuccess(webhookId)).toBe(true);
    expect(await two!.admit(webhookId)).toEqual({ state: "closed", failures: 0 });
  });
});

describe("notification digest", () => {
  it("mails the first incident at once and hands the window's others to exactly one worker as one digest", async () => {
    const [one, two] = [a, b].map((redis) => createNotificationDigest({ redis, prefix, windowMs: WINDOW_MS }));
    const to = `ops-${randomBytes(3).toString("hex")}@example.test`;
    expect(await one!.note(to, "first")).toBe("now");
    expect(await Promise.all(["second", "third", "fourth"].map((i, n) => (n % 2 ? one : two)!.note(to, i)))).toEqual([
      "queued",
      "queued",
      "queued",
    ]);
    expect([...(await one!.claimDue()), ...(await two!.claimDue())]).toEqual([]);
    await pastWindow();
    const claims = (await Promise.all([one!.claimDue(), two!.claimDue()])).flat();
    // The three notes raced on two connections: any order.
    expect(claims.map((c) => ({ ...c, incidents: [...c.incidents].sort() }))).toEqual([
      { recipient: to, total: 3, incidents: ["fourth", "second", "third"] },
    ]);
    // The digest opened a new window: the next incident waits for the next digest.
    expect(await two!.note(to, "fifth")).toBe("queued");
    await pastWindow();
    expect(await one!.claimDue()).toEqual([{ recipient: to, total: 1, incidents: ["fifth"] }]);
    // A quiet window later, an incident mails at once again.
    await pastWindow();
    expect(await one!.note(to, "sixth")).toBe("now");
  });
});

// The worker's admission: rate limit and circuit in one registered script.

/** Redis commands `fn` sends, as seen by MONITOR (not those run inside scripts). */
async function commandsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const base = createRedisConnection({ url: REDIS_URL, role: "worker" });
  const monitor = await base.monitor();
  const seen: string[] = [];
  monitor.on("monitor", (_time: string, args: string[], source: string) => {
    if (source !== "lua") seen.push(args.join(" "));
  });
  await new Promise((r) => setTimeout(r, 50));
  await fn();
  await new Promise((r) => setTimeout(r, 100));
  monitor.disconnect();
  base.disconnect();
  return seen.filter((c) => c.includes(prefix));
}

describe("endpoint gate", () => {
  it("admits with one registered script call (EVALSHA, not the script text) per delivery", async () => {
    const gate = createEndpointGate({ redis: a, prefix, probeIntervalMs: 1000, leaseMs: 30_000 });
    const webhookId = randomUUID();
    await gate.admit({ webhookId, deliveryId: randomUUID(), rateLimit: 5, maxInFlight: null }); // the first call may load the script
    const commands = await commandsDuring(() =>
      gate.admit({ webhookId, deliveryId: randomUUID(), rateLimit: 5, maxInFlight: null }),
    );
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(/^evalsha /i);
    // A second gate on the same connection reuses the registered command.
    expect(typeof (a as unknown as Record<string, unknown>).heraldEndpointAdmit).toBe("function");
  });

  it("holds an endpoint to its rate limit across connections, and an unlimited one not at all", async () => {
    const gates = [a, b].map((redis) => createEndpointGate({ redis, prefix, probeIntervalMs: 1000, leaseMs: 30_000 }));
    const webhookId = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        gates[i % 2]!.admit({ webhookId, deliveryId: randomUUID(), rateLimit: 4, maxInFlight: null }),
      ),
    );
    expect(answers.filter((g) => g.state === "closed")).toHaveLength(4);
    for (const g of answers.filter((g) => g.state !== "closed"))
      expect(g).toEqual({ state: "rate_limited", waitMs: expect.any(Number) });
    expect(Math.max(...answers.map((g) => (g.state === "rate_limited" ? g.waitMs : 0)))).toBeLessThanOrEqual(
      RATE_WINDOW_MS,
    );
    const free = await Promise.all(
      Array.from({ length: 20 }, () =>
        gates[0]!.admit({ webhookId: randomUUID(), deliveryId: randomUUID(), rateLimit: null, maxInFlight: null }),
      ),
    );
    expect(free.every((g) => g.state === "closed")).toBe(true);
  });

  it("while the circuit is open: one probe per interval, and waiting deliveries use none of the rate budget", async () => {
    const webhookId = randomUUID();
    const breaker = createCircuitBreaker({ redis: a, prefix, threshold: 1, probeIntervalMs: WINDOW_MS });
    const gate = createEndpointGate({ redis: b, prefix, probeIntervalMs: WINDOW_MS, leaseMs: 30_000 });
    expect(await breaker.recordFailure(webhookId)).toBe(true);
    const during = await Promise.all(
      Array.from({ length: 10 }, () =>
        gate.admit({ webhookId, deliveryId: randomUUID(), rateLimit: 2, maxInFlight: null }),
      ),
    );
    expect(during.every((g) => g.state === "open")).toBe(true);
    expect(await a.zcard(endpointKeys(prefix).sent(webhookId))).toBe(0);
    await pastWindow();
    const gates = await Promise.all(
      Array.from({ length: 10 }, () =>
        gate.admit({ webhookId, deliveryId: randomUUID(), rateLimit: 2, maxInFlight: null }),
      ),
    );
    expect(gates.filter((g) => g.state === "half_open")).toHaveLength(1);
    expect(await a.zcard(endpointKeys(prefix).sent(webhookId))).toBe(1);
    expect(await breaker.recordSuccess(webhookId)).toBe(true);
    expect(await gate.admit({ webhookId, deliveryId: randomUUID(), rateLimit: 2, maxInFlight: null })).toEqual({
      state: "closed",
      failures: 0,
    });
  });
});
