export { createRedisConnection, checkRedis, exitUnlessRedisUsable, describeRedisTarget } from "./redis-connection.ts";
export type { ConnectionRole, RedisClient, RedisState, RedisTarget } from "./redis-connection.ts";
export type { HostPort, SentinelTarget } from "./sentinel-connection.ts";
export { DELIVER_JOB, deliveryJobSchema, deliveryJobOptions } from "./delivery-job.ts";
export type { DeliveryJobData } from "./delivery-job.ts";
export { createDeliveryQueues, enqueueDeliveries, enqueueOrLeaveToSweeper, withTimeout } from "./delivery-queue.ts";
export type { DeliveryQueue, DeliveryQueues, FoundJob, PlannedJob, WarnLog } from "./delivery-queue.ts";
export { partitionOf, partitionQueueName, parsePartitionList, LEGACY_QUEUE_NAME } from "./partitions.ts";
export { endpointKeys, LATENCY_BUCKETS_S, metricsKeys, notificationKeys } from "./endpoint-keys.ts";
