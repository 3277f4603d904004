import { FilterBudget, filterVerdict } from "./payload-filter.ts";

const envelope = (data: unknown) => ({
  id: "evt_1",
  event: "order.created",
  created_at: "2026-12-03T00:00:00.000Z",
  tenant_id: null,
  data,
});
const costly = { "data.arr": { $in: [7] } };

describe("a filter's budget", () => {
  it("stops one filter at 10,000 values examined, and charges exactly that to the event's 100,000", () => {
    const event = new FilterBudget(100_000);
    expect(filterVerdict(costly, envelope({ arr: new Array(50_000).fill(0) }), event)).toEqual({
      matches: true,
      exhausted: true,
    });
    expect(event.left).toBe(90_000);
  });

  it("charges a filter that decides early only what it examined", () => {
    const event = new FilterBudget(100_000);
    // One entry, then the array's first element: 7, found in the list.
    expect(filterVerdict(costly, envelope({ arr: [7, 0, 0] }), event)).toEqual({ matches: true, exhausted: false });
    expect(event.left).toBe(99_998);
    expect(filterVerdict({ event: "order.paid" }, envelope({}), event)).toEqual({ matches: false, exhausted: false });
    expect(event.left).toBe(99_996);
  });

  it("lets an event through every later filter once its own budget is spent", () => {
    const event = new FilterBudget(100_000);
    for (let i = 0; i < 10; i++) filterVerdict(costly, envelope({ arr: new Array(20_000).fill(0) }), event);
    expect(event.left).toBe(0);
    // Would not match on a fresh budget (positive control), and cannot be judged on a spent one.
    expect(filterVerdict({ event: "order.paid" }, envelope({}))).toEqual({ matches: false, exhausted: false });
    expect(filterVerdict({ event: "order.paid" }, envelope({}), event)).toEqual({ matches: true, exhausted: true });
  });

  it("compares an object with a huge one by the filter's side only", () => {
    const wide = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, i]));
    const event = new FilterBudget(100_000);
    expect(filterVerdict({ "data.obj": { k0: 0 } }, envelope({ obj: wide }), event)).toEqual({
      matches: false,
      exhausted: false,
    });
    expect(event.left).toBe(99_998);
  });
});
