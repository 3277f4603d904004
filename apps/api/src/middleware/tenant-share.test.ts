import { jest } from "@jest/globals";
import { EventEmitter } from "node:events";
import type { Request, Response } from "express";
import { tenantShare } from "./tenant-share.ts";

/** Sends one request of `bytes` from `tenant` through the middleware; `admitted` flips when it may go on. */
function call(share: ReturnType<typeof tenantShare>, tenant: string, bytes: number) {
  const res = new EventEmitter();
  const req = { headers: { "content-length": String(bytes) }, principal: { tenantId: tenant, actorId: "k" } };
  const state = { admitted: false, end: () => void res.emit("close") };
  share(req as unknown as Request, res as unknown as Response, () => {
    state.admitted = true;
  });
  return state;
}

describe("tenantShare", () => {
  it("admits a tenant's bodies up to the bound, the next in turn as earlier ones end, and other tenants meanwhile", () => {
    const share = tenantShare({ maxBytes: 100, bytesPerSecond: 1_000_000 });
    const a1 = call(share, "a", 60);
    const a2 = call(share, "a", 60);
    const a3 = call(share, "a", 30);
    const b1 = call(share, "b", 60);
    expect([a1.admitted, a2.admitted, a3.admitted, b1.admitted]).toEqual([true, false, false, true]);
    a1.end();
    // a2 then a3 (60 + 30 fit in 100), in the order they came.
    expect([a2.admitted, a3.admitted]).toEqual([true, true]);
  });

  it("lets a body larger than the bound go alone", () => {
    const share = tenantShare({ maxBytes: 100, bytesPerSecond: 1_000_000 });
    const small = call(share, "a", 10);
    const large = call(share, "a", 500);
    expect([small.admitted, large.admitted]).toEqual([true, false]);
    small.end();
    expect(large.admitted).toBe(true);
  });

  it("drops a caller that hangs up while waiting, and serves the next", () => {
    const share = tenantShare({ maxBytes: 100, bytesPerSecond: 1_000_000 });
    const first = call(share, "a", 100);
    const gone = call(share, "a", 100);
    const next = call(share, "a", 100);
    gone.end();
    first.end();
    expect([gone.admitted, next.admitted]).toEqual([false, true]);
  });

  it("starts at most bytesPerSecond of a tenant's bodies on average: the next waits until the bucket refills", () => {
    jest.useFakeTimers();
    try {
      let clock = 0;
      const share = tenantShare({ maxBytes: 10_000, bytesPerSecond: 1000, now: () => clock });
      const first = call(share, "a", 600);
      first.end();
      const second = call(share, "a", 600);
      const other = call(share, "b", 600);
      // 400 bytes left this second: the second body waits; another tenant's bucket is its own.
      expect([first.admitted, second.admitted, other.admitted]).toEqual([true, false, true]);
      clock = 199;
      jest.advanceTimersByTime(199);
      expect(second.admitted).toBe(false);
      clock = 200;
      jest.advanceTimersByTime(1);
      expect(second.admitted).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });
});
