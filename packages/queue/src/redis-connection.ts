import { Cluster, Redis } from "ioredis";
import { askEachNode } from "./ask-nodes.ts";
import {
  askSentinels,
  createSentinelConnection,
  type HostPort,
  isSentinelClient,
  primaryState,
  type SentinelTarget,
} from "./sentinel-connection.ts";

export type ConnectionRole = "producer" | "worker";

/** A single Redis or a Redis Cluster: every Herald command works on both. */
export type RedisClient = Redis | Cluster;

/**
 * Where Redis is: one URL, or the seed nodes of a cluster (which then replace
 * the URL), or Sentinels that name the primary (the URL then gives only its
 * credentials and database).
 */
export interface RedisTarget {
  url: string;
  clusterNodes?: readonly HostPort[];
  sentinel?: SentinelTarget;
}

const listed = (nodes: readonly HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(",");

/** For log lines and errors: the URL without its password, the cluster's seed nodes, or the Sentinels. */
export function describeRedisTarget({ url, clusterNodes, sentinel }: RedisTarget): string {
  if (sentinel) return `Redis Sentinel ${sentinel.name} via ${listed(sentinel.nodes)}`;
  if (clusterNodes?.length) return `Redis Cluster ${listed(clusterNodes)}`;
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
 * refreshed, so a replica's promotion is invisible to callers. Through
 * Sentinel, a failover is a reconnect to the node the Sentinels now name.
 */
export function createRedisConnection(opts: { url: string; role: ConnectionRole }): Redis;
export function createRedisConnection(opts: RedisTarget & { role: ConnectionRole }): RedisClient;
export function createRedisConnection({
  url,
  clusterNodes,
  sentinel,
  role,
}: RedisTarget & { role: ConnectionRole }): RedisClient {
  const maxRetriesPerRequest = role === "worker" ? null : 1;
  const enableOfflineQueue = role === "worker";
  const retryStrategy = (times: number) => Math.min(times * 200, 2000);
  if (sentinel)
    return createSentinelConnection({ url, sentinel, maxRetriesPerRequest, enableOfflineQueue, retryStrategy });
  if (!clusterNodes?.length)
    return new Redis(url, { maxRetriesPerRequest, enableOfflineQueue, retryStrategy, lazyConnect: false });
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

/**
 * Whether Redis answers; on a cluster, whether it reports `cluster_state:ok`
 * (every slot served); through Sentinel, whether the node is a primary.
 */
export async function checkRedis(client: RedisClient): Promise<RedisState> {
  try {
    if (!(client instanceof Cluster) && isSentinelClient(client)) return await primaryState(client);
    if (!(client instanceof Cluster)) {
      await client.ping();
      return { ok: true, detail: "ok" };
    }
    const info = String(await client.cluster("INFO"));
    const state = /cluster_state:(\w+)/.exec(info)?.[1] ?? "unknown";
    const masters = client.nodes("master").length;
    return state === "ok"
      ? { ok: true, detail: `cluster ok, ${masters} masters` }
      : { ok: false, detail: `cluster_state:${state}` };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

/**
 * At start-up: waits (bounded) for a usable cluster, Sentinel primary or, for
 * a worker, single Redis, and otherwise returns the one line that explains
 * why not. The API does not wait for a single Redis: it stores publishes in
 * Postgres and the sweeper enqueues them later; a worker has nothing to do
 * without Redis.
 */
interface StartCheck {
  client: RedisClient;
  target: RedisTarget;
  role: ConnectionRole;
  timeoutMs?: number;
}

async function cannotStartOn({ client, target, role, timeoutMs = 15_000 }: StartCheck): Promise<string | null> {
  const single = !(client instanceof Cluster) && !target.sentinel;
  if (single && role === "producer") return null;
  let lastError: string | null = null;
  const remember = (err: Error) => (lastError = err.message);
  client.on("error", remember);
  const deadline = Date.now() + timeoutMs;
  let last: RedisState | null = null;
  try {
    while (Date.now() < deadline) {
      if (client.status === "ready") {
        last = await checkRedis(client);
        if (last.ok) return null;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } finally {
    client.off("error", remember);
  }
  if (single && !last)
    return `${describeRedisTarget(target)} is not reachable (${lastError ?? "no answer"}): start it, or set REDIS_URL`;
  return `${describeRedisTarget(target)} is not usable: ${last?.detail ?? (await whyNotReady(target, lastError))}`;
}

/** What the seed nodes or the Sentinels say, when the client never got ready. */
async function whyNotReady({ clusterNodes, sentinel }: RedisTarget, lastError: string | null): Promise<string> {
  if (!sentinel) return askSeedNodes(clusterNodes ?? []);
  const { answers, named } = await askSentinels(sentinel);
  // When a Sentinel names the primary, the client's own error says what is wrong with it (refused, NOAUTH...).
  return named && lastError ? `${answers}; the primary: ${lastError}` : answers;
}

/**
 * At start-up: stops the process with cannotStartOn's one line when Redis is
 * not usable. It listens to the client's errors while it waits: attach an
 * outage logger after it returns, or the wait logs every reconnect.
 */
export async function exitUnlessRedisUsable(check: StartCheck): Promise<void> {
  const problem = await cannotStartOn(check);
  if (!problem) return;
  process.stderr.write(`herald: ${problem}\n`);
  process.exit(1);
}

/** What each seed node says of itself, when the cluster client never got ready. */
function askSeedNodes(nodes: readonly HostPort[]): Promise<string> {
  return askEachNode(nodes, async (node) => {
    const info = String(await node.cluster("INFO"));
    return `reports cluster_state:${/cluster_state:(\w+)/.exec(info)?.[1] ?? "unknown"}`;
  });
}
