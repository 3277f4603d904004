import { Redis, type RedisOptions } from "ioredis";
import { askEachNode } from "./ask-nodes.ts";
import type { RedisState } from "./redis-connection.ts";

export interface HostPort {
  host: string;
  port: number;
}

/** A primary found through Redis Sentinel: the Sentinels to ask and the primary's name in their configuration. */
export interface SentinelTarget {
  name: string;
  nodes: readonly HostPort[];
  /** The Sentinels' own password (their requirepass), not the primary's. */
  password?: string;
}

type RoleOptions = Pick<RedisOptions, "maxRetriesPerRequest" | "enableOfflineQueue"> & {
  retryStrategy: (times: number) => number;
};

/**
 * A client of whichever node the Sentinels name as primary. The primary's
 * username, password and database number come from `url` (its host and port
 * are not used). ioredis asks the Sentinels again on every reconnect, so
 * after a failover the client lands on the promoted replica by itself, and
 * `duplicate()` (BullMQ's blocking connections) keeps every option.
 */
export function createSentinelConnection({
  url,
  sentinel,
  ...role
}: { url: string; sentinel: SentinelTarget } & RoleOptions): Redis {
  const primary = new URL(url);
  return new Redis({
    ...role,
    sentinels: sentinel.nodes.map(({ host, port }) => ({ host, port })),
    name: sentinel.name,
    role: "master",
    sentinelPassword: sentinel.password,
    username: decodeURIComponent(primary.username) || undefined,
    password: decodeURIComponent(primary.password) || undefined,
    db: Number(primary.pathname.slice(1) || 0),
    // While no Sentinel names a reachable primary (mid-failover), ask them all again, like any reconnect.
    sentinelRetryStrategy: role.retryStrategy,
    // Off: in ioredis 6.0 its +switch-master handler, when it lands while the client is asking the
    // Sentinels, ends the client for good (status "end", no more reconnects). A demoted primary that
    // stays reachable is left on its first READONLY answer instead (below).
    failoverDetector: false,
    // A command that meets a demoted primary was not run: reconnect through the Sentinels and send it again.
    reconnectOnError: (err) => (err.message.startsWith("READONLY") ? 2 : false),
    // The ready check reads the node's role: a Sentinel's stale answer (a replica) is dropped for the next Sentinel's.
    enableReadyCheck: true,
  });
}

export function isSentinelClient(client: Redis): boolean {
  return (client.options.sentinels?.length ?? 0) > 0;
}

/** Ok only while the client is connected to a primary (ROLE says master). */
export async function primaryState(client: Redis): Promise<RedisState> {
  const [role] = (await client.role()) as [string, ...unknown[]];
  if (role === "master") return { ok: true, detail: `primary of ${client.options.name}` };
  return { ok: false, detail: `connected to a ${role}, not the primary of ${client.options.name}` };
}

/**
 * What each Sentinel says of the primary, when the client never got ready:
 * `named` tells whether any of them knows it (then the primary itself is the problem).
 */
export async function askSentinels({
  name,
  nodes,
  password,
}: SentinelTarget): Promise<{ answers: string; named: boolean }> {
  let named = false;
  const answers = await askEachNode(
    nodes,
    async (node) => {
      const address = (await node.call("SENTINEL", "GET-MASTER-ADDR-BY-NAME", name)) as [string, string] | null;
      if (!address) return `does not know ${name}`;
      named = true;
      return `names ${address[0]}:${address[1]}`;
    },
    { password },
  );
  return { answers, named };
}
