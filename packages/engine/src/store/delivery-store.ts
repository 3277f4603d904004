import { createBatcher } from "@herald/db";
import type { Db } from "@herald/db";
import { cancelPending } from "./cancel.ts";
import { loadDeliveries, type LoadedDelivery } from "../attempt/load.ts";
import { type AttemptRecord, invalidRecord, recordAttempts } from "../attempt/record-attempts.ts";
import { restartDeliveries } from "./restart.ts";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalidId = (id: string) => (uuid.test(id) ? undefined : new TypeError(`not a delivery id: ${id}`));

export interface DeliveryStoreOptions {
  db: Db;
  /** Most loads (or attempt records) per statement. */
  maxBatch?: number;
  /**
   * Load (or record) statements under way at once (default: no limit).
   * Measured with the bench, a limit of 2 made the worker slower (e2e 1,456
   * against 1,638 deliveries/s, publish→receive p50 41 against 15 ms at
   * 300/s): a job waiting for a slot costs more than the statement it saves.
   */
  maxInFlight?: number;
}

/**
 * The worker's view of the delivery store. Loads and attempt records run per
 * attempt, so the calls of concurrently running jobs made in the same
 * event-loop turn share one statement each (createBatcher); the rarer
 * changes go straight to their statement.
 */
export function createDeliveryStore({ db, maxBatch = 100, maxInFlight = Infinity }: DeliveryStoreOptions) {
  const loads = createBatcher<string, LoadedDelivery | null>({
    run: (ids) => loadDeliveries(db, ids),
    keyOf: (id) => id.toLowerCase(),
    validate: invalidId,
    maxBatch,
    maxInFlight,
  });
  const records = createBatcher<AttemptRecord, boolean>({
    run: (batch) => recordAttempts(db, batch),
    validate: invalidRecord,
    maxBatch,
    maxInFlight,
  });
  return {
    /** The delivery with its event and webhook, or null when there is none. */
    load: (id: string) => loads.load(id),
    /** Records the attempt; true when the delivery took its outcome (false: superseded). */
    recordAttempt: (record: AttemptRecord) => records.load(record),
    /**
     * A job for a `failed` delivery runs only when someone retried the failed
     * job from the dashboard (the API's retries restart the row themselves):
     * a manual retry, with a fresh schedule. (The one other way is a worker
     * dying between marking the delivery failed and failing its job; the
     * resend that follows is within at-least-once.) True when this call restarted it.
     */
    reviveFailed: async (id: string) => (await restartDeliveries(db, { ids: [id], from: ["failed"] })) === 1,
    /** Cancels the delivery if it is still pending (its webhook was deleted). */
    cancel: async (id: string) => {
      await cancelPending(db, { deliveryIds: [id] });
    },
    /** Runs what is being batched and waits for it; later calls are refused. */
    async close(): Promise<void> {
      await Promise.all([loads.close(), records.close()]);
    },
  };
}

export type DeliveryStore = ReturnType<typeof createDeliveryStore>;
