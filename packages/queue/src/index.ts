export { DELIVERY_QUEUE } from "./names.ts";
export { createRedisConnection } from "./redis-connection.ts";
export type { ConnectionRole } from "./redis-connection.ts";
export { DELIVER_JOB, deliveryJobSchema, deliveryJobOptions } from "./delivery-job.ts";
export type { DeliveryJobData } from "./delivery-job.ts";
export { createDeliveryQueue, enqueueDeliveries } from "./delivery-queue.ts";
export type { DeliveryQueue, PlannedJob } from "./delivery-queue.ts";
export { endpointKeys, LATENCY_BUCKETS_S, metricsKeys, notificationKeys } from "./endpoint-keys.ts";
