/**
 * A dataloader-style batcher: calls made in the same turn of the event loop
 * (until `setImmediate` fires, or `maxBatch` calls) share one run of `run`,
 * so many concurrently running jobs cost one statement instead of one each.
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
  /** At most this many keys per run; a full batch goes at once. */
  maxBatch?: number;
  /** Identity of a key: calls with the same identity in one batch share one key and its result. Absent: every call is its own key. */
  keyOf?: (key: K) => string;
  /** An Error for a key that must not reach `run` (its caller alone is rejected). */
  validate?: (key: K) => Error | undefined;
}

export interface Batcher<K, V> {
  load(key: K): Promise<V>;
  /** Runs the batch being collected now, waits for every batch in flight, and refuses later calls. */
  close(): Promise<void>;
}

interface Waiter<V> {
  resolve: (value: V) => void;
  reject: (err: Error) => void;
}

interface Pending<K, V> {
  keys: K[];
  waiters: Array<Array<Waiter<V>>>;
  slotOf: Map<string, number>;
}

export class BatcherClosedError extends Error {
  constructor() {
    super("the batcher is closed");
    this.name = "BatcherClosedError";
  }
}

export function createBatcher<K, V>({ run, maxBatch = 100, keyOf, validate }: BatcherOptions<K, V>): Batcher<K, V> {
  let pending: Pending<K, V> | undefined;
  let timer: NodeJS.Immediate | undefined;
  let closed = false;
  const inFlight = new Set<Promise<void>>();

  async function settle(batch: Pending<K, V>): Promise<void> {
    let results: Array<V | Error>;
    try {
      results = await run(batch.keys);
      if (results.length !== batch.keys.length) throw new Error(`batch answered ${results.length} results for ${batch.keys.length} keys`);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      for (const slot of batch.waiters) for (const w of slot) w.reject(error);
      return;
    }
    batch.waiters.forEach((slot, i) => {
      const result = results[i] as V | Error;
      for (const w of slot) result instanceof Error ? w.reject(result) : w.resolve(result);
    });
  }

  function dispatch(): void {
    if (timer) clearImmediate(timer);
    timer = undefined;
    const batch = pending;
    pending = undefined;
    if (!batch) return;
    const done = settle(batch).finally(() => inFlight.delete(done));
    inFlight.add(done);
  }

  function load(key: K): Promise<V> {
    if (closed) return Promise.reject(new BatcherClosedError());
    const invalid = validate?.(key);
    if (invalid) return Promise.reject(invalid);
    return new Promise<V>((resolve, reject) => {
      const batch: Pending<K, V> = (pending ??= { keys: [], waiters: [], slotOf: new Map() });
      const id = keyOf?.(key);
      const shared = id === undefined ? undefined : batch.slotOf.get(id);
      if (shared !== undefined) {
        batch.waiters[shared]!.push({ resolve, reject });
        return;
      }
      if (id !== undefined) batch.slotOf.set(id, batch.keys.length);
      batch.keys.push(key);
      batch.waiters.push([{ resolve, reject }]);
      if (batch.keys.length >= maxBatch) dispatch();
      else timer ??= setImmediate(dispatch);
    });
  }

  return {
    load,
    async close() {
      closed = true;
      dispatch();
      await Promise.all([...inFlight]);
    },
  };
}
