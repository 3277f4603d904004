export { freePort, waitUntil } from "./free-port.ts";
export { startRedisServer } from "./redis-server.ts";
export type { ThrowawayRedis } from "./redis-server.ts";
export { startPostgresCluster } from "./postgres-cluster.ts";
export type { ThrowawayPostgres } from "./postgres-cluster.ts";
export { spawnHerald } from "./herald-process.ts";
export type { HeraldProcess, Role } from "./herald-process.ts";
export { startRedisCluster } from "./redis-cluster.ts";
export type { ClusterMaster, ThrowawayRedisCluster } from "./redis-cluster.ts";
