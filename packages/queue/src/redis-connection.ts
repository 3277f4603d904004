import { Cluster, Redis } from "ioredis";

export type ConnectionRole = "producer" | "worker";

/** A single Redis or a Redis Cluster: every Herald command works on both. */
export type RedisClient = Redis | Cluster;

/** Where Redis is: one URL, or the seed nodes of a cluster (which then replace the URL). */
export interface RedisTarget {
  url: string;
  clusterNodes?: readonly { host: string; port: number }[];
}

/** For log lines and errors: the URL without its password, or the cluster's seed nodes. */
export function describeRedisTarget({ url, clusterNodes }: RedisTarget): string {
  if (clusterNodes?.length) return `Redis Cluster ${clusterNodes.map((n) => `${n.host}:${n.port}`).join(",")}`;
  const shown = new URL(url);
  if (shown.password) shown.password = "***";
  return `Redis ${shown.toString()}`;
}

/**
 * Producers (the API) fail fast while Redis is down, so a request never hangs
 * on it: Postgres already holds the delivery and the sweeper enqueues it
 * later. Workers block on Redis and must retry forever (BullMQ requires
 * maxRetriesPerRequest: null for them). On a cluster, a command that meets a
 * failover (MOVED, TRYAGAIN, CLUSTERDOWN) is retried after the slots are
 * refreshed, so a replica's promotion is invisible to callers.
 */
export function createRedisConnection(opts: { url: string; role: ConnectionRole }): Redis;
export function createRedisConnection(opts: RedisTarget & { role: ConnectionRole }): RedisClient;
export function createRedisConnection({ url, clusterNodes, role }: RedisTarget & { role: ConnectionRole }): RedisClient {
  const maxRetriesPerRequest = role === "worker" ? null : 1;
  const enableOfflineQueue = role === "worker";
  const retryStrategy = (times: number) => Math.min(times * 200, 2000);
  if (!clusterNodes?.length) return new Redis(url, { maxRetriesPerRequest, enableOfflineQueue, retryStrategy, lazyConnect: false });
  return new Cluster([...clusterNodes], {
    enableOfflineQueue,
    clusterRetryStrategy: retryStrategy,
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 200,
    slotsRefreshInterval: 2000,
    redisOptions: { maxRetriesPerRequest },
  });
}

export type RedisState = { ok: true; detail: string } | { ok: false; detail: string };

/** Whether Redis answers; on a cluster, whether it reports `cluster_state:ok` (every slot served). */
export async function checkRedis(client: RedisClient): Promise<RedisState> {
  try {
    if (!(client instanceof Cluster)) {
      await client.ping();
      return { ok: true, detail: "ok" };
    }
    const info = String(await client.cluster("INFO"));
    const state = /cluster_state:(\w+)/.exec(info)?.[1] ?? "unknown";
    const masters = client.nodes("master").length;
    return state === "ok" ? { ok: true, detail: `cluster ok, ${masters} masters` } : { ok: false, detail: `cluster_state:${state}` };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

/**
 * At start-up on a cluster: waits (bounded) for the cluster to be usable,
 * and otherwise returns the one line that explains why not. A single Redis
 * is not waited for: the API fails fast and the sweeper catches up later.
 */
async function cannotStartOn(client: RedisClient, target: RedisTarget, { timeoutMs = 15_000 } = {}): Promise<string | null> {
  if (!(client instanceof Cluster)) return null;
  const deadline = Date.now() + timeoutMs;
  let last: RedisState | null = null;
  while (Date.now() < deadline) {
    if (client.status === "ready") {
      last = await checkRedis(client);
      if (last.ok) return null;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return `${describeRedisTarget(target)} is not usable: ${last?.detail ?? (await askSeedNodes(target.clusterNodes ?? []))}`;
}

/** At start-up: stops the process with cannotStartOn's one line when the cluster is not usable. */
export async function exitUnlessRedisUsable(client: RedisClient, target: RedisTarget): Promise<void> {
  const problem = await cannotStartOn(client, target);
  if (!problem) return;
  process.stderr.write(`herald: ${problem}\n`);
  process.exit(1);
}

/** What each seed node says of itself, when the cluster client never got ready. */
async function askSeedNodes(nodes: readonly { host: string; port: number }[]): Promise<string> {
  const answers = await Promise.all(
    nodes.map(async ({ host, port }) => {
      const node = new Redis({ host, port, lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await node.connect();
        const info = String(await node.cluster("INFO"));
        return `${host}:${port} reports cluster_state:${/cluster_state:(\w+)/.exec(info)?.[1] ?? "unknown"}`;
      } catch (err) {
        return `${host}:${port}: ${(err as Error).message}`;
      } finally {
        node.disconnect();
      }
    }),
  );
  return answers.join("; ");
}
