import { BatcherClosedError, createBatcher } from "./batcher.ts";

/** A batch function that records its calls and answers key * 10, or an Error for negative keys. */
function recorder() {
  const calls: number[][] = [];
  const run = async (keys: number[]) => {
    calls.push([...keys]);
    return keys.map((k) => (k < 0 ? new Error(`no ${k}`) : k * 10));
  };
  return { calls, run };
}

describe("createBatcher", () => {
  it("coalesces the calls of one turn into one run and answers each caller its own result", async () => {
    const { calls, run } = recorder();
    const b = createBatcher({ run });
    await expect(Promise.all([b.load(1), b.load(2), b.load(3)])).resolves.toEqual([10, 20, 30]);
    expect(calls).toEqual([[1, 2, 3]]);
    // A later turn is a new batch.
    await b.load(4);
    expect(calls).toEqual([[1, 2, 3], [4]]);
  });

  it("runs a full batch at once and starts the next", async () => {
    const { calls, run } = recorder();
    const b = createBatcher({ run, maxBatch: 2 });
    await Promise.all([1, 2, 3, 4, 5].map((k) => b.load(k)));
    expect(calls).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("gives calls with the same key one slot in the batch and the same result", async () => {
    const { calls, run } = recorder();
    const b = createBatcher({ run, keyOf: String });
    await expect(Promise.all([b.load(7), b.load(8), b.load(7)])).resolves.toEqual([70, 80, 70]);
    expect(calls).toEqual([[7, 8]]);
  });

  it("without keyOf, repeated keys stay separate calls", async () => {
    const { calls, run } = recorder();
    const b = createBatcher({ run });
    await Promise.all([b.load(7), b.load(7)]);
    expect(calls).toEqual([[7, 7]]);
  });

  it("rejects a caller whose own result is an Error, not its batch mates", async () => {
    const b = createBatcher(recorder());
    const results = await Promise.allSettled([b.load(1), b.load(-1), b.load(2)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe("no -1");
  });

  it("keeps a key that fails validation out of the batch and rejects only its caller", async () => {
    const { calls, run } = recorder();
    const b = createBatcher({ run, validate: (k: number) => (Number.isInteger(k) ? undefined : new TypeError(`bad key ${k}`)) });
    const results = await Promise.allSettled([b.load(1), b.load(1.5), b.load(2)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    expect(calls).toEqual([[1, 2]]);
  });

  it("rejects every caller of a batch whose run throws, with that error, and serves the next batch", async () => {
    let fail = true;
    const b = createBatcher({
      run: async (keys: number[]) => {
        if (fail) throw new Error("statement failed");
        return keys;
      },
      keyOf: String,
    });
    const results = await Promise.allSettled([b.load(1), b.load(2), b.load(1)]);
    expect(results.every((r) => r.status === "rejected" && r.reason.message === "statement failed")).toBe(true);
    fail = false;
    await expect(b.load(3)).resolves.toBe(3);
  });

  it("rejects every caller when run answers the wrong number of results", async () => {
    const b = createBatcher({ run: async () => [1] });
    const results = await Promise.allSettled([b.load(1), b.load(2)]);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
  });

  it("on close runs the batch being collected, waits for it, and refuses later calls", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const ran: number[][] = [];
    const b = createBatcher({
      run: async (keys: number[]) => {
        ran.push(keys);
        await gate;
        return keys;
      },
    });
    const a = b.load(1);
    const c = b.load(2);
    let closed = false;
    const closing = b.close().then(() => (closed = true));
    // Dispatched by close, not by the next turn; close waits for the run to end.
    expect(ran).toEqual([[1, 2]]);
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false);
    release();
    await closing;
    await expect(Promise.all([a, c])).resolves.toEqual([1, 2]);
    await expect(b.load(3)).rejects.toBeInstanceOf(BatcherClosedError);
  });
});
