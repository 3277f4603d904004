export { createRedisConnection, checkRedis, exitUnlessRedisUsable, describeRedisTarget } from "./redis-connection.ts";
export type { ConnectionRole, RedisClient, RedisState, RedisTarget } from "./redis-connection.ts";
export type { HostPort, SentinelTarget } from "./sentinel-connection.ts";
export { withTimeout } from "./with-timeout.ts";
export { LATENCY_BUCKETS_S, metricsKeys } from "./metrics-keys.ts";
