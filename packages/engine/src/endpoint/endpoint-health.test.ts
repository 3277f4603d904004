import { healthAction } from "./endpoint-health.ts";

const now = new Date("2026-03-10T12:00:00Z");
const day = 86_400_000;
const base = { now, disableAfterMs: 5 * day };

describe("healthAction", () => {
  it("ends a failing run on success, and does nothing for a healthy endpoint", () => {
    expect(healthAction({ ...base, ok: true, statusCode: 200, failingSince: new Date(now.getTime() - day) })).toEqual({
      kind: "clear",
    });
    expect(healthAction({ ...base, ok: true, statusCode: 204, failingSince: null })).toEqual({ kind: "none" });
  });

  it("disables at once on 410 Gone", () => {
    expect(healthAction({ ...base, ok: false, statusCode: 410, failingSince: null })).toEqual({
      kind: "disable",
      reason: "the endpoint answered 410 Gone",
    });
  });

  it("starts a run on the first failure and disables once it spans the whole period", () => {
    expect(healthAction({ ...base, ok: false, statusCode: 500, failingSince: null })).toEqual({ kind: "start" });
    expect(
      healthAction({ ...base, ok: false, statusCode: null, failingSince: new Date(now.getTime() - 5 * day + 1) }),
    ).toEqual({ kind: "none" });
    const since = new Date(now.getTime() - 5 * day);
    expect(healthAction({ ...base, ok: false, statusCode: 503, failingSince: since })).toEqual({
      kind: "disable",
      reason: `every delivery failed for 5 days (since ${since.toISOString()})`,
    });
    expect(
      healthAction({
        ok: false,
        statusCode: 500,
        failingSince: new Date(now.getTime() - 2000),
        now,
        disableAfterMs: 1500,
      }),
    ).toMatchObject({ kind: "disable", reason: expect.stringMatching(/^every delivery failed for 2 s/) });
  });
});
