import { randomBytes } from "node:crypto";
import { runMigrateProcess } from "@herald/db/testing";
import {
  freePort,
  startPostgresCluster,
  startRedisServer,
  type ThrowawayPostgres,
  type ThrowawayRedis,
} from "@herald/testkit";
import { type HeraldProcess, spawnHerald } from "@herald/testkit";

export interface StackOptions {
  /** Append-only file on the throwaway Redis, so a restart keeps the queue. */
  redisPersistence?: boolean;
  /** Worker environment beyond the defaults below (short timeouts, fast sweeper). */
  workerEnv?: Record<string, string>;
  /** LOG_LEVEL of every process (debug logs each request and delivery: the secrets scan reads them). */
  logLevel?: string;
  /** HERALD_QUEUE_PARTITIONS of every process; default: HERALD_TEST_QUEUE_PARTITIONS, else 1 (the suite runs with both). */
  partitions?: number;
  /** REDIS_CLUSTER_NODES: the processes use this Redis Cluster (the test's own) instead of the throwaway Redis. */
  clusterNodes?: string;
  /** REDIS_SENTINELS and REDIS_SENTINEL_NAME: the processes find the primary through these Sentinels (the test's own). */
  sentinel?: { nodes: string; name: string };
}

export interface Stack {
  redis: ThrowawayRedis;
  pg: ThrowawayPostgres;
  databaseUrl: string;
  apiUrl: string;
  adminKey: string;
  encryptionKey: string;
  queuePrefix: string;
  /** Every process started so far, dead or alive (their output is scanned for secrets). */
  processes: HeraldProcess[];
  /** `env` adds to (or overrides) the API's environment. */
  startApi(env?: Record<string, string>): Promise<HeraldProcess>;
  startWorker(env?: Record<string, string>): Promise<HeraldProcess>;
  /** POST with the admin key; throws unless the answer is `expect`. */
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, expect?: number): Promise<T>;
  destroy(): Promise<void>;
}

/**
 * Herald as it runs in production, on servers of the test's own: a
 * throwaway Redis and PostgreSQL cluster (so the test may stop and restart
 * them), the migrated database, and real API and worker processes.
 */
export async function startStack({
  redisPersistence = false,
  workerEnv = {},
  logLevel = "info",
  partitions = Number(process.env.HERALD_TEST_QUEUE_PARTITIONS ?? 1),
  clusterNodes,
  sentinel,
}: StackOptions = {}): Promise<Stack> {
  const [redis, pg] = await Promise.all([startRedisServer({ persistence: redisPersistence }), startPostgresCluster()]);
  const databaseUrl = pg.url("herald");
  const migrated = await runMigrateProcess(databaseUrl);
  if (migrated.code !== 0) throw new Error(`migrating the throwaway database failed:\n${migrated.output}`);
  const apiPort = await freePort();
  const adminKey = `fault-admin-${randomBytes(16).toString("hex")}`;
  const encryptionKey = randomBytes(32).toString("hex");
  const queuePrefix = `herald-faults-${randomBytes(3).toString("hex")}`;
  const common = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis.url,
    HERALD_QUEUE_PREFIX: queuePrefix,
    HERALD_QUEUE_PARTITIONS: String(partitions),
    ...(clusterNodes ? { REDIS_CLUSTER_NODES: clusterNodes } : {}),
    ...(sentinel ? { REDIS_SENTINELS: sentinel.nodes, REDIS_SENTINEL_NAME: sentinel.name } : {}),
    HERALD_ENCRYPTION_KEY: encryptionKey,
    HERALD_ALLOW_HTTP: "true",
    HERALD_ALLOW_PRIVATE_TARGETS: "true",
    LOG_LEVEL: logLevel,
  };
  const processes: HeraldProcess[] = [];
  const track = (p: HeraldProcess) => {
    processes.push(p);
    return p;
  };
  const apiUrl = `http://127.0.0.1:${apiPort}`;

  async function call<T>(method: string, path: string, body?: unknown, expect = 200): Promise<T> {
    const res = await fetch(`${apiUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await res.text();
    if (res.status !== expect) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }

  return {
    redis,
    pg,
    databaseUrl,
    apiUrl,
    adminKey,
    encryptionKey,
    queuePrefix,
    processes,
    call,
    startApi: async (env = {}) =>
      track(
        await spawnHerald("api", {
          ...common,
          PORT: String(apiPort),
          HOST: "127.0.0.1",
          HERALD_ADMIN_KEY: adminKey,
          DATABASE_POOL_SIZE: "10",
          ...env,
        }),
      ),
    startWorker: async (env = {}) =>
      track(
        await spawnHerald("worker", {
          ...common,
          DATABASE_POOL_SIZE: "8",
          HERALD_WORKER_CONCURRENCY: "20",
          HERALD_DELIVERY_TIMEOUT_MS: "2000",
          HERALD_JOB_LOCK_MS: "3000",
          HERALD_STALLED_INTERVAL_MS: "1000",
          HERALD_RETRY_SCHEDULE: "1,1,2,2,5",
          HERALD_SWEEP_INTERVAL_MS: "1000",
          HERALD_SWEEP_GRACE_MS: "3000",
          ...workerEnv,
          ...env,
        }),
      ),
    async destroy() {
      await Promise.all(processes.map((p) => p.stop("SIGKILL")));
      await Promise.allSettled([redis.destroy(), pg.destroy()]);
    },
  };
}
