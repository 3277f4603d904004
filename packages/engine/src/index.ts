// @herald/engine: a delivery's life in one place. The API publishes, retries
// and recovers through it; the worker's main.ts starts its attempt loop.
export { type CreateOutcome, createEvents, jobsOf, type NewEvent, storeEvent } from "./publish/create-events.ts";
export { FILTER_BUDGET, type FilterVerdict, filterVerdict } from "./publish/payload-filter.ts";
export {
  createPublishBatcher,
  type PublishBatcher,
  type PublishBatcherOptions,
  ShuttingDownError,
} from "./publish/publish-batcher.ts";
export { cancelPending, type CancelScope } from "./store/cancel.ts";
export { fifoHead } from "./store/fifo-line.ts";
export { createDeliveryStore, type DeliveryStore, type DeliveryStoreOptions } from "./store/delivery-store.ts";
export { countFailed, restartDeliveries, restartFailed } from "./store/restart.ts";
export { type DeliveryFilter, matchingDeliveries } from "./store/delivery-filter.ts";
export { loadDeliveries } from "./store/delivery-store.ts";
export type { LoadedDelivery } from "./store/delivery-store.ts";
export { type AttemptRecord, type AttemptResult, type Outcome, recordAttempts } from "./store/delivery-store.ts";
export { DELIVER_JOB, deliveryJobOptions, type DeliveryJobData, deliveryJobSchema } from "./queue/delivery-queue.ts";
export {
  createDeliveryQueues,
  type DeliveryQueue,
  type DeliveryQueues,
  enqueueDeliveries,
  type FoundJob,
  type PlannedJob,
  type WarnLog,
} from "./queue/delivery-queue.ts";
export { LEGACY_QUEUE_NAME, parsePartitionList, partitionOf, partitionQueueName } from "./queue/delivery-queue.ts";
export { endpointKeys, notificationKeys } from "./endpoint/keys.ts";
export { type CircuitState, readCircuitStates } from "./endpoint/circuit-states.ts";
export { type DeliveryHold, readDeliveryHold } from "./endpoint/delivery-hold.ts";
export { buildEndpointServices, healthSettingsOf } from "./endpoint/build-endpoint-services.ts";
export { createDeliveryWorker } from "./attempt/delivery-worker.ts";
export { envelopeOf, signedRequest } from "./attempt/signed-request.ts";
export { restartDelivery, restartFailedInBatches } from "./operator/restart-deliveries.ts";
export { createSweeper } from "./sweeper.ts";
export { SENDABLE_WEBHOOK, sendableWebhookSql, unsendable } from "./webhooks/sendable-webhook.ts";
export { type RetireScope, retireWebhooks, setWebhookEnabled } from "./webhooks/webhook-state.ts";
