import { Redis } from "ioredis";
import { startRedisSentinel, type ThrowawayRedisSentinel } from "../src/index.ts";

// Generous: five servers start, and a failover needs the primary silent for
// down-after-milliseconds, a Sentinel leader elected and the replica promoted.
const timeout = 120_000;

describe("startRedisSentinel", () => {
  let sentinel: ThrowawayRedisSentinel;
  let client: Redis;

  beforeAll(async () => {
    sentinel = await startRedisSentinel();
    const sentinels = sentinel.sentinels.map(({ port }) => ({ host: "127.0.0.1", port }));
    client = new Redis({ sentinels, name: sentinel.name, maxRetriesPerRequest: null });
    // Reconnect attempts while the primary is down are expected; the assertions say what matters.
    client.on("error", () => undefined);
  }, timeout);

  afterAll(async () => {
    client?.disconnect();
    await sentinel?.destroy();
  }, timeout);

  it("runs a primary, its replica and three Sentinels on private ports", async () => {
    const ports = [sentinel.primary.port, sentinel.replica.port, ...sentinel.sentinels.map((s) => s.port)];
    expect(new Set(ports).size).toBe(5);
    expect(ports).not.toContain(6379);
    expect(ports).not.toContain(26379);
    expect(sentinel.sentinelsVariable).toBe(sentinel.sentinels.map((s) => `127.0.0.1:${s.port}`).join(","));
    expect(await sentinel.primaryPort()).toBe(sentinel.primary.port);
    expect(await sentinel.roleOf(sentinel.primary.port)).toBe("master");
    expect(await sentinel.roleOf(sentinel.replica.port)).toBe("slave");
  });

  it(
    "promotes the replica when the primary is SIGKILLed; a client of the Sentinels follows with the data",
    async () => {
      const keys = Array.from({ length: 20 }, (_, i) => `sentinel-test-${i}`);
      for (const key of keys) await client.set(key, key);
      // The primary acknowledges once its replica has the writes, so the promoted replica has them too.
      expect(await client.wait(1, 5000)).toBe(1);

      await sentinel.kill(sentinel.primary.port);
      const { newPrimaryPort } = await sentinel.waitForFailover(sentinel.primary.port);

      expect(newPrimaryPort).toBe(sentinel.replica.port);
      expect(await sentinel.primaryPort()).toBe(sentinel.replica.port);
      expect(await sentinel.roleOf(newPrimaryPort)).toBe("master");
      expect(await client.mget(...keys)).toEqual(keys);
      await client.set("sentinel-test-after", "written to the new primary");
      const direct = new Redis(sentinel.replica.url, { maxRetriesPerRequest: 1 });
      try {
        expect(await direct.get("sentinel-test-after")).toBe("written to the new primary");
      } finally {
        direct.disconnect();
      }
    },
    timeout,
  );
});
