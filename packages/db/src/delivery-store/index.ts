// Every change of a delivery's state, one statement each, shared by the API
// and the worker.
export { type CreateOutcome, createEvents, jobsOf, type NewEvent, storeEvent } from "./create.ts";
export { cancelPending, type CancelScope } from "./cancel.ts";
export { fifoHead } from "./fifo-line.ts";
export { createDeliveryStore, type DeliveryStore, type DeliveryStoreOptions } from "./delivery-store.ts";
export { loadDeliveries, type LoadedDelivery } from "./load.ts";
export { FILTER_BUDGET, type FilterVerdict, filterVerdict } from "./payload-filter.ts";
export { type AttemptRecord, type AttemptResult, type Outcome, recordAttempts } from "./record-attempts.ts";
export { type FailedFilter, restartDeliveries, restartFailed } from "./restart.ts";
export type { SqlTarget } from "./sql.ts";
