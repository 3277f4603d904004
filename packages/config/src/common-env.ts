import { z } from "zod";
import { count, durationMs, flag, type HostPort, hostPorts, oneOf, setting, text, url } from "./setting.ts";

// Variables both the API and the worker read. Each app's env.ts extends this.

export const commonEnv = z
  .object({
    NODE_ENV: setting(oneOf(["development", "production", "test"]), {
      default: "development",
      description:
        "`development`: readable logs; `test` and `production`: JSON logs. `production` also requires " +
        "`HERALD_ENCRYPTION_KEY` and `HERALD_PUBLIC_URL` for portal links",
    }),
    LOG_LEVEL: setting(oneOf(["error", "warn", "info", "http", "verbose", "debug", "silly"]), {
      default: "info",
      description: "winston level of the logs",
    }),
    DATABASE_URL: setting(url(["postgresql:", "postgres:"]), {
      default: "postgresql://postgres:postgres@127.0.0.1:5432/herald",
      description: "Postgres, the system of record",
    }),
    DATABASE_POOL_SIZE: setting(count(), { default: 10, description: "connections in each process's Postgres pool" }),
    // One slow statement or lock wait fails (a 503, a job retry) instead of holding a connection,
    // and the publishes batched with it, without bound.
    DATABASE_STATEMENT_TIMEOUT_MS: setting(durationMs, {
      default: 15_000,
      description:
        "a statement of the API or a worker running longer is cancelled (a `503` to retry, or a job retry); " +
        "see [Security](security.md)",
    }),
    DATABASE_LOCK_TIMEOUT_MS: setting(durationMs, {
      default: 5_000,
      description: "likewise for a statement waiting longer for a lock",
    }),
    REDIS_URL: setting(url(["redis:", "rediss:"]), {
      default: "redis://127.0.0.1:6379",
      description: "Redis, which carries the delivery jobs",
    }),
    REDIS_CLUSTER_NODES: setting(hostPorts("redis-1:6379,redis-2:6379"), {
      description:
        "seed nodes of a Redis Cluster; when set, every process uses the cluster and `REDIS_URL` is ignored " +
        "(see [Scaling out](operations.md#scaling-out))",
    }),
    REDIS_SENTINELS: setting(hostPorts("sentinel-1:26379,sentinel-2:26379"), {
      description:
        "Redis Sentinels; when set, every process connects to the primary they name, and `REDIS_URL` gives only " +
        "the primary's username, password and database number (its host and port are ignored; `rediss://` is " +
        "refused). Not together with `REDIS_CLUSTER_NODES` (see [Redis Sentinel](operations.md#redis-sentinel))",
    }),
    REDIS_SENTINEL_NAME: setting(
      text({ pattern: /^\S+$/, message: "must be the primary's name in the Sentinels' configuration (no spaces)" }),
      {
        shownDefault: "unset (required with `REDIS_SENTINELS`)",
        description: "the primary's name in the Sentinels' configuration (`sentinel monitor <name> ...`)",
      },
    ),
    REDIS_SENTINEL_PASSWORD: setting(text(), {
      description: "the Sentinels' own password (their `requirepass`), when they have one",
    }),
    // Braces are refused: Herald puts its own Redis Cluster hash tags after the prefix, and the first {...} of a key wins.
    HERALD_QUEUE_PREFIX: setting(text({ pattern: /^[\w:.-]+$/, message: "may hold letters, digits, _ : . - only" }), {
      default: "herald",
      description: "prefix of every Redis key (no `{` `}`: Herald adds its own cluster hash tags after it)",
    }),
    HERALD_QUEUE_PARTITIONS: setting(count({ min: 1, max: 1024 }), {
      default: 1,
      description:
        "delivery queues; a delivery goes to partition `hash(webhook id) mod N`; the same value for every process",
    }),
    // Without it a development key is used and the process warns; production refuses to start (below).
    HERALD_ENCRYPTION_KEY: setting(
      text({ minLength: 16, message: "must be at least 16 characters (64 hex chars recommended)", name: "secret" }),
      {
        shownDefault: "a development key, with a warning (required in production)",
        description: "seals webhook secrets and custom header values (AES-256-GCM); 64 hex chars recommended",
      },
    ),
    HERALD_ALLOW_HTTP: setting(flag, { default: false, description: "accept `http://` webhook URLs" }),
    HERALD_ALLOW_PRIVATE_TARGETS: setting(flag, {
      default: false,
      description: "allow loopback, private and link-local webhook targets",
    }),
    HERALD_ENQUEUE_TIMEOUT_MS: setting(durationMs, {
      default: 2_000,
      description:
        "how long adding delivery jobs waits on Redis (a publish, a retry, the sweeper); " +
        "past it the deliveries stay pending in Postgres and the sweeper enqueues them",
    }),
    HERALD_DELIVERY_TIMEOUT_MS: setting(durationMs, {
      default: 5_000,
      description: "an attempt (or an API test send) slower than this fails",
    }),
  })
  .superRefine((env, ctx) => {
    const refuse = (variable: string, message: string) => ctx.addIssue({ code: "custom", path: [variable], message });
    if (env.REDIS_SENTINELS && env.REDIS_CLUSTER_NODES)
      refuse("REDIS_SENTINELS", "cannot be combined with REDIS_CLUSTER_NODES: set one (Sentinel or Cluster)");
    else if (env.REDIS_SENTINELS && !env.REDIS_SENTINEL_NAME)
      refuse(
        "REDIS_SENTINEL_NAME",
        "required when REDIS_SENTINELS is set (the primary's name, as in `sentinel monitor <name> ...`)",
      );
    else if (!env.REDIS_SENTINELS && env.REDIS_SENTINEL_NAME)
      refuse("REDIS_SENTINEL_NAME", "has no effect without REDIS_SENTINELS");
    else if (!env.REDIS_SENTINELS && env.REDIS_SENTINEL_PASSWORD)
      refuse("REDIS_SENTINEL_PASSWORD", "has no effect without REDIS_SENTINELS");
    else if (env.REDIS_SENTINELS && env.REDIS_URL.startsWith("rediss:"))
      refuse("REDIS_URL", "rediss:// (TLS) is not supported through REDIS_SENTINELS yet: use redis://");
    if (env.NODE_ENV === "production" && !env.HERALD_ENCRYPTION_KEY)
      refuse("HERALD_ENCRYPTION_KEY", "required when NODE_ENV=production");
  });

export type CommonEnv = z.infer<typeof commonEnv>;

/** Where Postgres is and how its pool behaves, as @herald/db's createDb takes it. */
export function databaseOf(env: CommonEnv) {
  return {
    url: env.DATABASE_URL,
    poolSize: env.DATABASE_POOL_SIZE,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    lockTimeoutMs: env.DATABASE_LOCK_TIMEOUT_MS,
  };
}

/** Where Redis is, as @herald/queue's createRedisConnection takes it. */
export function redisTargetOf(env: CommonEnv): {
  url: string;
  clusterNodes?: HostPort[];
  sentinel?: { nodes: HostPort[]; name: string; password?: string };
} {
  const {
    REDIS_URL: url,
    REDIS_CLUSTER_NODES: clusterNodes,
    REDIS_SENTINELS: nodes,
    REDIS_SENTINEL_NAME: name,
    REDIS_SENTINEL_PASSWORD: password,
  } = env;
  if (nodes && name) return { url, sentinel: { nodes, name, ...(password ? { password } : {}) } };
  return { url, clusterNodes };
}

/** A fixed key for development only: data sealed with it is not protected. */
export const DEVELOPMENT_ENCRYPTION_KEY = "herald-development-key-do-not-use-in-production";

/** The key secrets are sealed with; the development key only where the schema allows it (never in production). */
export function encryptionKeyOf(env: CommonEnv): { key: string; isDevelopmentKey: boolean } {
  if (env.HERALD_ENCRYPTION_KEY) return { key: env.HERALD_ENCRYPTION_KEY, isDevelopmentKey: false };
  return { key: DEVELOPMENT_ENCRYPTION_KEY, isDevelopmentKey: true };
}
