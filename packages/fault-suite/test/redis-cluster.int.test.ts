import { Redis } from "ioredis";
import { freePort, spawnHerald, startRedisCluster, type ThrowawayRedisCluster } from "@herald/testkit";
import {
  HEALTHY,
  prepareRun,
  runSize,
  settleLedger,
  type Stack,
  stackHealth,
  startPublisher,
  startStack,
  statusCounts,
} from "../src/index.ts";

// Herald on a real Redis Cluster on loopback: three masters with a replica
// each, the API and two workers over 8 queue partitions, ten endpoints. Mid-run one master
// is SIGKILLed; its replica takes over and no accepted event is lost.
const PARTITIONS = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let cluster: ThrowawayRedisCluster;
let stack: Stack;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicasPerMaster: 1 });
  stack = await startStack({ clusterNodes: cluster.nodesVariable, partitions: PARTITIONS });
});
afterAll(async () => {
  await stack?.destroy();
  await cluster?.destroy();
});

/** Per master port: how many jobs its partitions have taken so far (BullMQ's `added` events, kept in each queue's stream). */
async function jobsAddedPerMaster(prefix: string): Promise<Map<number, number>> {
  const perMaster = new Map<number, number>();
  for (const { port } of await cluster.masters()) {
    const node = new Redis({ host: "127.0.0.1", port, maxRetriesPerRequest: 1 });
    try {
      let added = 0;
      for (const key of await node.keys(`${prefix}:{deliveries-*}:events`)) {
        const entries = await node.xrange(key, "-", "+");
        added += entries.filter(([, fields]) => fields[0] === "event" && fields[1] === "added").length;
      }
      perMaster.set(port, added);
    } finally {
      node.disconnect();
    }
  }
  return perMaster;
}

it("delivers every accepted event over 8 partitions spread on the masters, through a master's SIGKILL and failover", async () => {
  const api = await stack.startApi();
  expect(await stackHealth(stack, [api])).toEqual(HEALTHY);
  // Ten subscribed endpoints over 8 partitions: the odds that all land on one master's slots are about 3 × 3^-10.
  const run = await prepareRun(stack, { delayMs: 20, moreEndpoints: 8 });
  try {
    const workers = [await stack.startWorker(), await stack.startWorker()];
    const publisher = startPublisher({
      apiUrl: stack.apiUrl,
      auth: run.tenantAuth,
      prefix: "cluster",
      type: "fault.cluster",
      count: runSize.events,
      perSecond: runSize.perSecond,
    });
    await sleep((runSize.events / runSize.perSecond) * 333);

    // Jobs live on more than one master: the partitions' hash tags spread them over the shards.
    const spread = await jobsAddedPerMaster(stack.queuePrefix);
    console.log(`jobs added per master before the kill: ${JSON.stringify(Object.fromEntries(spread))}`);
    expect([...spread.values()].filter((n) => n > 0).length).toBeGreaterThan(1);

    // Kill the master serving the most partitions' jobs.
    const [victim] = [...spread.entries()].sort((a, b) => b[1] - a[1])[0]!;
    await cluster.kill(victim);
    const killedAt = publisher.progress();
    const { newMasterPort } = await cluster.waitForFailover(victim, { timeoutMs: 60_000 });
    console.log(
      `master ${victim} killed after ${killedAt} publishes; replica ${newMasterPort} took over after ${publisher.progress()}`,
    );
    await publisher.done;
    const statuses = statusCounts(publisher.results);
    // Postgres is the outbox: publishing never waits for Redis, failover or not.
    expect(statuses).toEqual({ "202": runSize.events });

    const ledgers = await settleLedger("Redis Cluster master SIGKILL", run, publisher.accepted, {
      publishes: statuses,
      partitions: PARTITIONS,
      killedMaster: victim,
      newMaster: newMasterPort,
      databaseUrl: stack.databaseUrl,
    });
    for (const l of ledgers) {
      expect(l).toMatchObject({ accepted: runSize.events, delivered: runSize.events, missing: 0, unacknowledged: 0 });
      // Only a POST in flight while its job's master died can be resent: at most both workers' concurrency.
      expect(l.duplicated).toBeLessThanOrEqual(2 * 20);
    }
    expect(Object.keys(ledgers.statuses)).toEqual(["success"]);
    expect(run.bystander.requests.length).toBe(0);
    expect(await stackHealth(stack, [api, ...workers])).toEqual(HEALTHY);
  } finally {
    await run.close();
  }
});

it("refuses to start, in one line, when the cluster's nodes are unreachable or its slots are not served", async () => {
  // A cluster-enabled node with no slots assigned reports cluster_state:fail.
  const lonePort = await freePort();
  const { spawn } = await import("node:child_process");
  const lone = spawn(
    "redis-server",
    [
      "--port",
      String(lonePort),
      "--bind",
      "127.0.0.1",
      "--cluster-enabled",
      "yes",
      "--cluster-config-file",
      `/tmp/herald-lone-${lonePort}.conf`,
      "--save",
      "",
      "--appendonly",
      "no",
    ],
    { stdio: "ignore" },
  );
  try {
    const deadPort = await freePort();
    const attempts = await Promise.all(
      [`127.0.0.1:${deadPort}`, `127.0.0.1:${lonePort}`].map(async (nodes) => {
        const worker = await spawnHerald("worker", {
          DATABASE_URL: stack.databaseUrl,
          REDIS_CLUSTER_NODES: nodes,
          HERALD_QUEUE_PREFIX: stack.queuePrefix,
        }).then(
          () => null,
          (err: Error) => err.message,
        );
        return { nodes, worker };
      }),
    );
    for (const { nodes, worker } of attempts) {
      expect(worker).toMatch(/worker exited \(1\) before starting/);
      const lines = worker!.split("\n").filter((l) => l.startsWith("herald: "));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^herald: Redis Cluster ${nodes} is not usable: `));
    }
    // A node that does not answer is named with its connection's reason, not "Connection is closed.".
    expect(attempts[0]!.worker).toMatch(
      new RegExp(`herald: .* is not usable: 127\\.0\\.0\\.1:${deadPort}: connect ECONNREFUSED`),
    );
    expect(attempts[1]!.worker).toMatch(/cluster_state:fail/);
  } finally {
    lone.kill("SIGKILL");
  }
});
