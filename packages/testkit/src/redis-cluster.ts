import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { infoField, isServingMaster, parseClusterNodes, servesSlot, type ClusterNode } from "./cluster-nodes.ts";
import { eventually } from "./eventually.ts";
import { distinctFreePorts } from "./free-port.ts";
import { spawnClusterNode, type ClusterNodeProcess } from "./redis-cluster-node.ts";
import { ask, startProcessGroup, untilPong, withNode } from "./redis-process.ts";

const run = promisify(execFile);
const SLOTS = 16384;

export interface ClusterMaster {
  port: number;
  slots: [number, number][];
}

export interface ThrowawayRedisCluster {
  nodes: { port: number; url: string }[];
  /** "127.0.0.1:p1,127.0.0.1:p2,...", the format of REDIS_CLUSTER_NODES. */
  nodesVariable: string;
  /** The masters serving slots, as a live node sees them now, ordered by their first slot. */
  masters(): Promise<ClusterMaster[]>;
  /** Keys per master port (DBSIZE). */
  dbsizePerMaster(): Promise<Record<number, number>>;
  /** Keys matching `pattern` per master port (SCAN). */
  keysPerMaster(pattern?: string): Promise<Record<number, number>>;
  /** SIGKILLs the node on `port`, remembering the slots it served. */
  kill(port: number): Promise<void>;
  /**
   * After killing a master: waits until every live node reports the cluster
   * `ok` and agrees on one live master for the killed node's slots.
   */
  waitForFailover(killedPort: number, opts?: { timeoutMs?: number }): Promise<{ newMasterPort: number }>;
  /** Kills every node and removes the directory. */
  destroy(): Promise<void>;
}

/** This node says `ok`, covers every slot with a node it does not suspect, and knows `knownNodes` nodes. */
async function clusterOk(port: number, knownNodes: number): Promise<boolean> {
  const info = await ask(port, "CLUSTER", "INFO");
  return (
    infoField(info, "cluster_state") === "ok" &&
    infoField(info, "cluster_slots_ok") === String(SLOTS) &&
    infoField(info, "cluster_known_nodes") === String(knownNodes)
  );
}

/** A replica whose replication link is up (so WAIT can count it); a master passes. */
async function replicationUp(port: number): Promise<boolean> {
  const info = await ask(port, "INFO", "replication");
  return infoField(info, "role") === "master" || infoField(info, "master_link_status") === "up";
}

/**
 * A private Redis Cluster on loopback (`masters` × (1 + `replicasPerMaster`)
 * redis-server processes on free ports, joined by `redis-cli --cluster
 * create`), resolved once every node says the cluster is ok and every replica
 * is replicating. The machine's shared Redis is never touched. A short node
 * timeout makes failover take seconds; `nodeTimeoutMs` trades that against
 * spurious failovers on a loaded machine.
 */
export async function startRedisCluster({
  masters = 3,
  replicasPerMaster = 1,
  nodeTimeoutMs = 2000,
} = {}): Promise<ThrowawayRedisCluster> {
  if (masters < 3) throw new Error("redis-cli --cluster create needs at least 3 masters");
  const count = masters * (1 + replicasPerMaster);
  const allPorts = await distinctFreePorts(count * 2);
  const [ports, busPorts] = [allPorts.slice(0, count), allPorts.slice(count)];
  const { dir, processes, live, destroy } = await startProcessGroup<ClusterNodeProcess>("redis-cluster");
  const servedWhenKilled = new Map<number, [number, number][]>();

  /** The first live node's view of the cluster. */
  const view = async (): Promise<ClusterNode[]> => {
    for (const p of live()) {
      const nodes = await ask(p.port, "CLUSTER", "NODES").catch(() => null);
      if (nodes) return parseClusterNodes(nodes);
    }
    throw new Error("no live cluster node answers");
  };

  const currentMasters = async (): Promise<ClusterMaster[]> =>
    (await view())
      .filter(isServingMaster)
      .map(({ port, slots }) => ({ port, slots }))
      .sort((a, b) => (a.slots[0]?.[0] ?? 0) - (b.slots[0]?.[0] ?? 0));

  const perMaster = async (measure: (port: number) => Promise<number>): Promise<Record<number, number>> => {
    const entries = await Promise.all(
      (await currentMasters()).map(async ({ port }) => [port, await measure(port)] as const),
    );
    return Object.fromEntries(entries);
  };

  const countKeys = (port: number, pattern: string) =>
    withNode(port, async (client) => {
      let [cursor, total] = ["0", 0];
      do {
        const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
        [cursor, total] = [next, total + keys.length];
      } while (cursor !== "0");
      return total;
    });

  /** Every live node says ok and names the same live master, other than the killed one, for `slot`. */
  const ownerOnceSettled = async (killedPort: number, slot: number): Promise<number | null> => {
    const nodes = live();
    const oks = await Promise.all(nodes.map((p) => clusterOk(p.port, count)));
    if (oks.includes(false)) return null;
    const views = await Promise.all(nodes.map(async (p) => parseClusterNodes(await ask(p.port, "CLUSTER", "NODES"))));
    const owners = new Set(views.map((v) => v.find((n) => isServingMaster(n) && servesSlot(n, slot))?.port));
    const [owner] = [...owners];
    const liveOwner =
      owners.size === 1 && owner !== undefined && owner !== killedPort && nodes.some((p) => p.port === owner);
    return liveOwner ? owner : null;
  };

  try {
    for (const [i, port] of ports.entries()) {
      processes.push(
        await spawnClusterNode({ port, busPort: busPorts[i]!, dir: path.join(dir, String(port)), nodeTimeoutMs }),
      );
    }
    await Promise.all(ports.map(untilPong));
    const addresses = ports.map((port) => `127.0.0.1:${port}`);
    await run(
      "redis-cli",
      ["--cluster", "create", ...addresses, "--cluster-replicas", String(replicasPerMaster), "--cluster-yes"],
      { timeout: 60_000 },
    );
    const ready = async () =>
      (
        await Promise.all(ports.map(async (port) => (await clusterOk(port, count)) && (await replicationUp(port))))
      ).every(Boolean);
    await eventually(ready, {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: "the redis cluster to be ok with replicas in sync",
    });
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    nodes: ports.map((port) => ({ port, url: `redis://127.0.0.1:${port}` })),
    nodesVariable: ports.map((port) => `127.0.0.1:${port}`).join(","),
    masters: currentMasters,
    dbsizePerMaster: () => perMaster((port) => withNode(port, (client) => client.dbsize())),
    keysPerMaster: (pattern = "*") => perMaster((port) => countKeys(port, pattern)),
    async kill(port) {
      const node = processes.find((p) => p.port === port);
      if (!node) throw new Error(`no cluster node on port ${port}`);
      const served = (await currentMasters()).find((m) => m.port === port)?.slots ?? [];
      servedWhenKilled.set(port, served);
      await node.kill();
    },
    async waitForFailover(killedPort, { timeoutMs = 60_000 } = {}) {
      const firstSlot = servedWhenKilled.get(killedPort)?.[0]?.[0];
      if (firstSlot === undefined)
        throw new Error(`port ${killedPort} was not a master killed through kill(): nothing fails over`);
      let newMasterPort: number | null = null;
      const settled = async () => {
        newMasterPort = await ownerOnceSettled(killedPort, firstSlot);
        return newMasterPort !== null;
      };
      await eventually(settled, {
        timeoutMs,
        intervalMs: 200,
        what: `a replica to take over the slots of port ${killedPort}`,
      });
      return { newMasterPort: newMasterPort! };
    },
    destroy,
  };
}
