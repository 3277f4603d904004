import { z } from "zod";
import { DELIVERY_TIMEOUT_MS } from "./defaults.ts";

// Variables both the API and the worker read. Each app's env.ts extends this.

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const booleanFlag = (fallback: boolean) => boolean.default(fallback);

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a ${protocols.map((p) => p.replace(":", "://")).join(" or ")} URL`,
  );

export interface HostPort {
  host: string;
  port: number;
}

/** `host:port,host:port,...` (IPv6 hosts in brackets), for Redis Cluster seed nodes and Sentinels alike. */
const hostPortList = (example: string) =>
  z.string().transform((text, ctx) => {
    const nodes = text.split(",").map((part) => {
      const match = /^\s*([^\s:]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\s*$/.exec(part);
      const port = Number(match?.[2]);
      return match && port > 0 && port < 65536 ? { host: match[1]!.replace(/^\[|\]$/g, ""), port } : null;
    });
    if (nodes.some((n) => n === null)) {
      ctx.addIssue({ code: "custom", message: `must be host:port pairs separated by commas, e.g. ${example}` });
      return z.NEVER;
    }
    return nodes as HostPort[];
  });

export const positiveInt = (fallback: number) =>
  z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .positive("must be positive")
    .default(fallback);

export const commonEnv = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    LOG_LEVEL: z.enum(["error", "warn", "info", "http", "verbose", "debug", "silly"]).default("info"),
    DATABASE_URL: url(["postgresql:", "postgres:"]).default("postgresql://postgres:postgres@127.0.0.1:5432/herald"),
    DATABASE_POOL_SIZE: positiveInt(10),
    // Every statement of the API's and the worker's pools: one slow statement or lock wait fails (a 503, a job retry)
    // instead of holding a connection, and the publishes batched with it, without bound.
    DATABASE_STATEMENT_TIMEOUT_MS: positiveInt(15_000),
    DATABASE_LOCK_TIMEOUT_MS: positiveInt(5_000),
    REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
    // When set, Herald talks to this Redis Cluster (seed nodes) instead of REDIS_URL.
    REDIS_CLUSTER_NODES: hostPortList("redis-1:6379,redis-2:6379").optional(),
    // When set, Herald asks these Sentinels for the primary named REDIS_SENTINEL_NAME; REDIS_URL then
    // gives only the primary's username, password and database number (its host and port are ignored).
    REDIS_SENTINELS: hostPortList("sentinel-1:26379,sentinel-2:26379").optional(),
    REDIS_SENTINEL_NAME: z
      .string()
      .regex(/^\S+$/, "must be the primary's name in the Sentinels' configuration (no spaces)")
      .optional(),
    // The Sentinels' own password (requirepass in sentinel.conf), when they have one.
    REDIS_SENTINEL_PASSWORD: z.string().optional(),
    // Braces are refused: Herald puts its own Redis Cluster hash tags after the prefix, and the first {...} of a key wins.
    HERALD_QUEUE_PREFIX: z
      .string()
      .regex(/^[\w:.-]+$/, "may hold letters, digits, _ : . - only")
      .default("herald"),
    // Delivery queues; a delivery goes to partition hash(webhook id) mod N.
    HERALD_QUEUE_PARTITIONS: z.coerce
      .number({ message: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(1024, "must be at most 1024")
      .default(1),
    // Secrets are sealed with this; without it a development key is used and
    // the process warns (production refuses to start, see requireInProduction).
    HERALD_ENCRYPTION_KEY: z.string().min(16, "must be at least 16 characters (64 hex chars recommended)").optional(),
    HERALD_ALLOW_HTTP: booleanFlag(false),
    HERALD_ALLOW_PRIVATE_TARGETS: booleanFlag(false),
    // One delivery's HTTP timeout: the worker's sends and the API's test sends alike.
    HERALD_DELIVERY_TIMEOUT_MS: positiveInt(DELIVERY_TIMEOUT_MS),
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

export function encryptionKeyOf(env: CommonEnv): { key: string; isDevelopmentKey: boolean } {
  if (env.HERALD_ENCRYPTION_KEY) return { key: env.HERALD_ENCRYPTION_KEY, isDevelopmentKey: false };
  if (env.NODE_ENV === "production") {
    process.stderr.write("herald: invalid environment: HERALD_ENCRYPTION_KEY: required when NODE_ENV=production\n");
    process.exit(1);
  }
  return { key: DEVELOPMENT_ENCRYPTION_KEY, isDevelopmentKey: true };
}
