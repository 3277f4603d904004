import { Cluster } from "ioredis";
import { startRedisCluster, type ThrowawayRedisCluster } from "../src/index.ts";

// Generous: the cluster starts six servers and a failover needs a node timeout,
// a vote and a slots refresh, all slower on a loaded 2-core machine.
const timeout = 180_000;

const tags = Array.from({ length: 30 }, (_, i) => `tenant-${i}`);

describe("startRedisCluster", () => {
  let cluster: ThrowawayRedisCluster;
  let client: Cluster;

  beforeAll(async () => {
    cluster = await startRedisCluster();
    const startupNodes = cluster.nodesVariable.split(",").map((address) => {
      const [host, port] = address.split(":");
      return { host: host!, port: Number(port) };
    });
    client = new Cluster(startupNodes, { redisOptions: { maxRetriesPerRequest: null } });
  }, timeout);

  afterAll(async () => {
    client?.disconnect();
    await cluster?.destroy();
  }, timeout);

  it("runs three masters with one replica each, on private ports", async () => {
    expect(cluster.nodes).toHaveLength(6);
    expect(cluster.nodes.map((n) => n.port)).not.toContain(6379);
    expect(cluster.nodesVariable).toBe(cluster.nodes.map((n) => `127.0.0.1:${n.port}`).join(","));
    const masters = await cluster.masters();
    expect(masters).toHaveLength(3);
    const slots = masters.flatMap((m) => m.slots).reduce((sum, [from, to]) => sum + to - from + 1, 0);
    expect(slots).toBe(16384);
  });

  it(
    "spreads keys with different hash tags over several masters and keeps them through a failover",
    async () => {
      for (const tag of tags) await client.set(`{${tag}}:job`, tag);
      // Every master acknowledges only once its replica has the writes, so the
      // replica that takes over has them too.
      const acked = await Promise.all(client.nodes("master").map((node) => node.wait(1, 5000)));
      expect(acked.every((n) => n >= 1)).toBe(true);

      const perMaster = await cluster.keysPerMaster("{tenant-*}:job");
      expect(Object.values(perMaster).reduce((a, b) => a + b, 0)).toBe(tags.length);
      expect(Object.values(perMaster).filter((n) => n > 0).length).toBeGreaterThan(1);
      expect(await cluster.dbsizePerMaster()).toEqual(perMaster);

      const [victim] = await cluster.masters();
      await cluster.kill(victim!.port);
      const { newMasterPort } = await cluster.waitForFailover(victim!.port);

      expect(newMasterPort).not.toBe(victim!.port);
      const masters = await cluster.masters();
      expect(masters.map((m) => m.port)).toContain(newMasterPort);
      expect(masters.map((m) => m.port)).not.toContain(victim!.port);
      expect(masters.find((m) => m.port === newMasterPort)!.slots).toEqual(victim!.slots);
      // The client that was connected before the kill finds the new master by itself.
      const values = await Promise.all(tags.map((tag) => client.get(`{${tag}}:job`)));
      expect(values).toEqual(tags);
    },
    timeout,
  );
});
