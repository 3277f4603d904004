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

  it("keeps a batch within maxWeight: a heavy key waits for the next batch, lighter ones still go; one heavier than the bound goes alone", async () => {
    const { calls, run } = recorder();
    const b = createBatcher({ run, weightOf: (k: number) => k, maxWeight: 256 });
    await Promise.all([200, 200, 10, 10, 300, 1].map((k) => b.load(k)));
    expect(calls).toEqual([[200, 10, 10, 1], [200], [300]]);
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
    const b = createBatcher({
      run,
      validate: (k: number) => (Number.isInteger(k) ? undefined : new TypeError(`bad key ${k}`)),
    });
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

  it("with maxInFlight, calls made while runs are under way gather into the next batch", async () => {
    const gates: Array<() => void> = [];
    const ran: number[][] = [];
    const b = createBatcher({
      maxInFlight: 1,
      run: async (keys: number[]) => {
        ran.push(keys);
        await new Promise<void>((r) => gates.push(r));
        return keys;
      },
    });
    const first = b.load(1);
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual([[1]]);
    // While [1] runs, three turns of calls wait for one batch.
    const later = [b.load(2)];
    await new Promise((r) => setImmediate(r));
    later.push(b.load(3), b.load(4));
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual([[1]]);
    gates.shift()!();
    await first;
    await new Promise((r) => setImmediate(r));
    expect(ran).toEqual([[1], [2, 3, 4]]);
    gates.shift()!();
    await expect(Promise.all(later)).resolves.toEqual([2, 3, 4]);
  });

  it("a call claiming what a run under way claims waits for that run to end, then goes in order", async () => {
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const b = createBatcher({
      claimsOf: (k: { key: string }) => [k.key],
      run: async (keys: Array<{ key: string; n: number }>) => {
        log.push(`start ${keys.map((k) => k.n).join(",")}`);
        if (keys.some((k) => k.n === 1)) await gate;
        log.push(`end ${keys.map((k) => k.n).join(",")}`);
        return keys.map((k) => k.n);
      },
    });
    // 1 and 2 claim "a": 2 is held out of 1's batch and waits for it to end; 3 goes with 1.
    const all = Promise.all([b.load({ key: "a", n: 1 }), b.load({ key: "a", n: 2 }), b.load({ key: "b", n: 3 })]);
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual(["start 1,3"]);
    release();
    await expect(all).resolves.toEqual([1, 2, 3]);
    expect(log).toEqual(["start 1,3", "end 1,3", "start 2", "end 2"]);
  });

  it("close runs calls held behind a run under way, and waits for them too", async () => {
    const ran: number[][] = [];
    const b = createBatcher({
      maxInFlight: 1,
      maxBatch: 2,
      run: async (keys: number[]) => {
        ran.push(keys);
        await new Promise((r) => setTimeout(r, 5));
        return keys;
      },
    });
    const calls = [1, 2, 3, 4, 5].map((k) => b.load(k));
    await b.close();
    expect(ran).toEqual([[1, 2], [3, 4], [5]]);
    await expect(Promise.all(calls)).resolves.toEqual([1, 2, 3, 4, 5]);
  });
});
