import { types } from "node:util";

/**
 * One batcher for every hot path that turns many calls into one statement:
 * the worker's loads and attempt records (dataloader-style) and the API's
 * publishes (group commit).
 *
 * Calls made in the same turn of the event loop (until `setImmediate` fires,
 * or `maxBatch` calls) share one run of `run`. With `maxInFlight`, at most
 * that many runs are under way; calls made meanwhile gather into the next
 * batch, so batches grow with load by themselves while a quiet caller still
 * goes out on the next turn (flow control, not a timer).
 *
 * Each caller gets its own outcome: `run` answers one value or Error per key,
 * in order, and a key that `validate` refuses is rejected alone, before it
 * could fail the statement for everyone. When `run` itself throws, nothing of
 * that batch is known to be written, so every caller of the batch gets the
 * error (and retries, as it would after its own failed query).
 */
export interface BatcherOptions<K, V> {
  /** One value or Error per key, in the order of `keys`. */
  run: (keys: K[]) => Promise<Array<V | Error>>;
  /** At most this many keys per run; a full batch goes at once (if a run may start). */
  maxBatch?: number;
  /** At most this many runs under way at once (default: no limit). */
  maxInFlight?: number;
  /** Identity of a key: calls with the same identity in one batch share one key and its result. Absent: every call is its own key. */
  keyOf?: (key: K) => string;
  /**
   * Names a key claims while its run is under way: a later call claiming one
   * of them waits for a later batch, after that run has ended (so the first
   * of two writes of one unique value is the one that lands first).
   */
  claimsOf?: (key: K) => readonly string[];
  /** An Error for a key that must not reach `run` (its caller alone is rejected). */
  validate?: (key: K) => Error | undefined;
  /**
   * A key's weight (the bytes it makes the statement carry) and the most a
   * batch may hold: a key that would take its batch past `maxWeight` waits
   * for the next one (a key heavier than that goes alone), so one caller's
   * large keys never make everyone else's statement slow.
   */
  weightOf?: (key: K) => number;
  maxWeight?: number;
}

export interface Batcher<K, V> {
  load(key: K): Promise<V>;
  /** Runs every call still waiting, waits for every run under way, and refuses later calls. */
  close(): Promise<void>;
}

interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (err: Error) => void;
}

interface Slot<K, V> {
  key: K;
  id: string | undefined;
  claims: readonly string[];
  waiters: Array<Waiter<V>>;
}

// Errors made in another realm (a jest VM context, say) fail instanceof.
const isError = (value: unknown): value is Error => value instanceof Error || types.isNativeError(value);

export class BatcherClosedError extends Error {
  constructor() {
    super("the batcher is closed");
    this.name = "BatcherClosedError";
  }
}

const NO_CLAIMS: readonly string[] = [];

export function createBatcher<K, V>({
  run,
  maxBatch = 100,
  maxInFlight = Infinity,
  keyOf,
  claimsOf,
  validate,
  weightOf,
  maxWeight = Infinity,
}: BatcherOptions<K, V>): Batcher<K, V> {
  let queue: Array<Slot<K, V>> = [];
  // Slots still waiting, by identity, so a repeat joins its twin.
  const waiting = new Map<string, Slot<K, V>>();
  const claimed = new Set<string>();
  const runs = new Set<Promise<void>>();
  let timer: NodeJS.Immediate | undefined;
  let closed = false;

  function take(): Array<Slot<K, V>> {
    const batch: Array<Slot<K, V>> = [];
    const held: Array<Slot<K, V>> = [];
    let weight = 0;
    let i = 0;
    for (; i < queue.length && batch.length < maxBatch; i++) {
      const slot = queue[i]!;
      const w = weightOf ? weightOf(slot.key) : 0;
      if (slot.claims.some((c) => claimed.has(c)) || (batch.length > 0 && weight + w > maxWeight)) {
        held.push(slot);
        continue;
      }
      weight += w;
      for (const c of slot.claims) claimed.add(c);
      if (slot.id !== undefined) waiting.delete(slot.id);
      batch.push(slot);
    }
    queue = held.length ? held.concat(queue.slice(i)) : queue.slice(i);
    return batch;
  }

  async function settle(batch: Array<Slot<K, V>>): Promise<void> {
    let results: Array<V | Error>;
    try {
      results = await run(batch.map((s) => s.key));
      if (results.length !== batch.length)
        throw new Error(`batch answered ${results.length} results for ${batch.length} keys`);
    } catch (err) {
      const error = isError(err) ? err : new Error(String(err));
      for (const slot of batch) for (const w of slot.waiters) w.reject(error);
      return;
    }
    batch.forEach((slot, i) => {
      const result = results[i] as V | Error;
      for (const w of slot.waiters) isError(result) ? w.reject(result) : w.resolve(result as V);
    });
  }

  function pump(): void {
    if (timer) clearImmediate(timer);
    timer = undefined;
    while (queue.length > 0 && runs.size < maxInFlight) {
      const batch = take();
      // Only calls waiting on runs under way are left: they go when those end.
      if (batch.length === 0) break;
      const done: Promise<void> = settle(batch).finally(() => {
        runs.delete(done);
        for (const slot of batch) for (const c of slot.claims) claimed.delete(c);
        if (queue.length > 0) pump();
      });
      runs.add(done);
    }
  }

  function load(key: K): Promise<V> {
    if (closed) return Promise.reject(new BatcherClosedError());
    const invalid = validate?.(key);
    if (invalid) return Promise.reject(invalid);
    return new Promise<V>((resolve, reject) => {
      const id = keyOf?.(key);
      const twin = id === undefined ? undefined : waiting.get(id);
      if (twin) return void twin.waiters.push({ resolve, reject });
      const slot: Slot<K, V> = { key, id, claims: claimsOf?.(key) ?? NO_CLAIMS, waiters: [{ resolve, reject }] };
      if (id !== undefined) waiting.set(id, slot);
      queue.push(slot);
      if (queue.length >= maxBatch) pump();
      else timer ??= setImmediate(pump);
    });
  }

  return {
    load,
    async close() {
      closed = true;
      pump();
      while (runs.size > 0) await Promise.all([...runs]);
    },
  };
}
