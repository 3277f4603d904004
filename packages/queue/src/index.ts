export { DELIVERY_QUEUE } from "./names.ts";
export { createRedisConnection } from "./redis-connection.ts";
export type { ConnectionRole } from "./redis-connection.ts";
