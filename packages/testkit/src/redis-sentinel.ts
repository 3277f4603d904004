import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { infoField } from "./cluster-nodes.ts";
import { eventually } from "./eventually.ts";
import { distinctFreePorts } from "./free-port.ts";
import {
  ask,
  type RedisProcess,
  spawnRedisProcess,
  spawnRedisServer,
  startProcessGroup,
  withNode,
} from "./redis-process.ts";

export interface ThrowawayRedisSentinel {
  /** The primary's name in the Sentinels' configuration (REDIS_SENTINEL_NAME). */
  name: string;
  /** The data nodes as started: the primary, and its replica (the only candidate for promotion); `url` carries the password. */
  primary: { port: number; url: string };
  replica: { port: number; url: string };
  sentinels: { port: number }[];
  /** "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3", the format of REDIS_SENTINELS. */
  sentinelsVariable: string;
  /** The primary's port as every live Sentinel names it now; throws while they disagree. */
  primaryPort(): Promise<number>;
  /** The role (`master`, `slave`) the node on `port` reports of itself (ROLE). */
  roleOf(port: number): Promise<string>;
  /** SIGKILLs the process (data node or Sentinel) on `port`. */
  kill(port: number): Promise<void>;
  /**
   * After killing the primary: waits until every live Sentinel names one
   * other live node as primary and that node reports itself a master.
   */
  waitForFailover(killedPort: number, opts?: { timeoutMs?: number }): Promise<{ newPrimaryPort: number }>;
  /** Kills every process and removes the directory. */
  destroy(): Promise<void>;
}

function sentinelConf({
  port,
  dir,
  name,
  primaryPort,
  downAfterMs,
  failoverTimeoutMs,
  password,
}: {
  port: number;
  dir: string;
  name: string;
  primaryPort: number;
  downAfterMs: number;
  failoverTimeoutMs: number;
  password?: string;
}): string {
  return [
    `port ${port}`,
    "bind 127.0.0.1",
    `dir ${dir}`,
    `logfile ${path.join(dir, "sentinel.log")}`,
    `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
    `sentinel down-after-milliseconds ${name} ${downAfterMs}`,
    `sentinel failover-timeout ${name} ${failoverTimeoutMs}`,
    `sentinel parallel-syncs ${name} 1`,
    ...(password ? [`sentinel auth-pass ${name} ${password}`] : []),
    "",
  ].join("\n");
}

/** SENTINEL subcommands answer arrays of flat field lists; each becomes an object. */
async function sentinelTable(port: number, ...args: string[]): Promise<Record<string, string>[]> {
  const rows = (await withNode(port, (client) => client.call("SENTINEL", ...args))) as string[][];
  return rows.map((row) => Object.fromEntries(row.flatMap((v, i) => (i % 2 === 0 ? [[v, row[i + 1]!]] : []))));
}

/**
 * Redis with Sentinel on loopback: one primary, one replica and three
 * Sentinels (quorum 2) on free ports, in a directory of their own; resolved
 * once the replica is in sync and every Sentinel knows the replica and the
 * two other Sentinels (so a failover can be authorised). The machine's
 * shared Redis is never touched. `downAfterMs` is how long the primary must
 * be silent before the Sentinels act: short makes failover take seconds,
 * too short risks spurious failovers on a loaded machine. With `password`,
 * the primary and the replica require it (the Sentinels are told it); the
 * Sentinels themselves take none.
 */
export async function startRedisSentinel({
  name = "herald-primary",
  downAfterMs = 2000,
  failoverTimeoutMs = 10_000,
  password,
}: {
  name?: string;
  downAfterMs?: number;
  failoverTimeoutMs?: number;
  password?: string;
} = {}): Promise<ThrowawayRedisSentinel> {
  const [primaryPort, replicaPort, ...sentinelPorts] = (await distinctFreePorts(5)) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const { dir, processes, live, destroy } = await startProcessGroup<RedisProcess>("redis-sentinel");

  const startDataNode = async (port: number, extra: string[]) => {
    const auth = password ? ["--requirepass", password, "--masterauth", password] : [];
    processes.push(
      await spawnRedisServer({ port, dir: path.join(dir, String(port)), appendOnly: false, args: [...auth, ...extra] }),
    );
  };
  const startSentinel = async (port: number) => {
    const sentinelDir = path.join(dir, `sentinel-${port}`);
    await mkdir(sentinelDir);
    // Sentinel rewrites its configuration file (what it learns, the current primary): one each.
    const conf = path.join(sentinelDir, "sentinel.conf");
    await writeFile(
      conf,
      sentinelConf({ port, dir: sentinelDir, name, primaryPort, downAfterMs, failoverTimeoutMs, password }),
    );
    processes.push(spawnRedisProcess(port, [conf, "--sentinel"]));
  };
  const roleOf = (port: number) =>
    withNode(port, async (client) => ((await client.call("ROLE")) as [string, ...unknown[]])[0], { password });

  /** This Sentinel can authorise a failover and sees the replica up. */
  const sentinelReady = async (port: number) => {
    const quorum = await ask(port, "SENTINEL", "CKQUORUM", name);
    const replicas = await sentinelTable(port, "REPLICAS", name);
    return (
      quorum.startsWith("OK 3 usable") &&
      replicas.length === 1 &&
      !/s_down|o_down|disconnected/.test(replicas[0]!.flags ?? "")
    );
  };

  /** The port every live Sentinel names as the primary, or null while they disagree. */
  const agreedPrimary = async (): Promise<number | null> => {
    const sentinels = live().filter((p) => sentinelPorts.includes(p.port));
    const named = await Promise.all(
      sentinels.map(
        async (s) =>
          ((await withNode(s.port, (c) => c.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name))) as [string, string])[1],
      ),
    );
    const ports = new Set(named.map(Number));
    return ports.size === 1 ? [...ports][0]! : null;
  };

  const auth = password ? `:${encodeURIComponent(password)}@` : "";
  try {
    await startDataNode(primaryPort, []);
    await startDataNode(replicaPort, ["--replicaof", "127.0.0.1", String(primaryPort)]);
    for (const port of sentinelPorts) await startSentinel(port);
    const inSync = async () =>
      infoField(await withNode(replicaPort, (c) => c.info("replication"), { password }), "master_link_status") === "up";
    await eventually(inSync, {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: `the replica on port ${replicaPort} to sync with the primary`,
    });
    const sentinelsReady = async () => (await Promise.all(sentinelPorts.map(sentinelReady))).every(Boolean);
    await eventually(sentinelsReady, {
      timeoutMs: 60_000,
      intervalMs: 200,
      what: "three Sentinels that know each other and the replica",
    });
  } catch (error) {
    await destroy();
    throw error;
  }

  return {
    name,
    primary: { port: primaryPort, url: `redis://${auth}127.0.0.1:${primaryPort}` },
    replica: { port: replicaPort, url: `redis://${auth}127.0.0.1:${replicaPort}` },
    sentinels: sentinelPorts.map((port) => ({ port })),
    sentinelsVariable: sentinelPorts.map((port) => `127.0.0.1:${port}`).join(","),
    async primaryPort() {
      const port = await agreedPrimary();
      if (port === null) throw new Error(`the Sentinels disagree on the primary of ${name}`);
      return port;
    },
    roleOf,
    async kill(port) {
      const node = processes.find((p) => p.port === port);
      if (!node) throw new Error(`no Redis or Sentinel process on port ${port}`);
      await node.kill();
    },
    async waitForFailover(killedPort, { timeoutMs = 60_000 } = {}) {
      let newPrimaryPort: number | null = null;
      const promoted = async () => {
        const port = await agreedPrimary();
        const alive = live().some((p) => p.port === port);
        if (port === null || port === killedPort || !alive || (await roleOf(port)) !== "master") return false;
        newPrimaryPort = port;
        return true;
      };
      await eventually(promoted, {
        timeoutMs,
        intervalMs: 200,
        what: `the Sentinels to promote a replica in place of port ${killedPort}`,
      });
      return { newPrimaryPort: newPrimaryPort! };
    },
    destroy,
  };
}
