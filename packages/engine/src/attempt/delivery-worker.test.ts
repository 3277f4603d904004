import { createSemaphore } from "./delivery-worker.ts";

describe("createSemaphore", () => {
  it("keeps at most `limit` under way and runs the rest in arrival order", async () => {
    const slots = createSemaphore(2);
    const started: number[] = [];
    const gates = new Map<number, () => void>();
    const task = (n: number) =>
      slots.run(
        () =>
          new Promise<number>((resolve) => {
            started.push(n);
            gates.set(n, () => resolve(n));
          }),
      );
    const all = [1, 2, 3, 4].map(task);
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2]);
    expect(slots.waiting).toBe(2);
    gates.get(2)!();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([1, 2, 3]);
    gates.get(1)!();
    await new Promise((r) => setImmediate(r));
    gates.get(3)!();
    await new Promise((r) => setImmediate(r));
    gates.get(4)!();
    expect(await Promise.all(all)).toEqual([1, 2, 3, 4]);
    expect(slots.active).toBe(0);
  });

  it("frees the slot when the function throws", async () => {
    const slots = createSemaphore(1);
    await expect(
      slots.run(async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await slots.run(async () => "next")).toBe("next");
  });
});
