import { Redis } from "ioredis";

export type ConnectionRole = "producer" | "worker";

/**
 * Producers (the API) fail fast while Redis is down, so a request never hangs
 * on it: Postgres already holds the delivery and the sweeper enqueues it
 * later. Workers block on Redis and must retry forever (BullMQ requires
 * maxRetriesPerRequest: null for them).
 */
export function createRedisConnection({ url, role }: { url: string; role: ConnectionRole }): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === "worker" ? null : 1,
    enableOfflineQueue: role === "worker",
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  });
}
