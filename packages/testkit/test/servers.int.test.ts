import { Redis } from "ioredis";
import pg from "pg";
import { startPostgresCluster, startRedisServer } from "../src/index.ts";

describe("throwaway servers", () => {
  it("a redis-server that keeps its data across a restart when persistent", async () => {
    const redis = await startRedisServer({ persistence: true });
    try {
      expect(redis.port).not.toBe(6379);
      const client = new Redis(redis.url, { maxRetriesPerRequest: null });
      await client.set("k", "v");
      await redis.stop();
      await redis.start();
      expect(await client.get("k")).toBe("v");
      client.disconnect();
    } finally {
      await redis.destroy();
    }
  });

  it("a redis-server without persistence comes back empty", async () => {
    const redis = await startRedisServer();
    try {
      const client = new Redis(redis.url, { maxRetriesPerRequest: null });
      await client.set("k", "v");
      await redis.stop({ kill: true });
      await redis.start();
      expect(await client.get("k")).toBeNull();
      client.disconnect();
    } finally {
      await redis.destroy();
    }
  });

  it("a postgres cluster of its own that can be stopped and started", async () => {
    const cluster = await startPostgresCluster();
    try {
      expect(cluster.port).not.toBe(5432);
      const query = async () => {
        const client = new pg.Client({ connectionString: cluster.url(), connectionTimeoutMillis: 1000 });
        await client.connect();
        try {
          return (await client.query("SELECT 41 + 1 AS n")).rows[0].n;
        } finally {
          await client.end();
        }
      };
      expect(await query()).toBe(42);
      await cluster.stop();
      await expect(query()).rejects.toThrow();
      await cluster.start();
      expect(await query()).toBe(42);
    } finally {
      await cluster.destroy();
    }
  });
});
