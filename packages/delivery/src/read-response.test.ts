import { parseRetryAfter } from "./read-response.ts";

describe("parseRetryAfter", () => {
  const now = Date.parse("2026-01-20T14:30:00Z");
  it("reads delta seconds and HTTP dates", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Tue, 20 Jan 2026 14:35:00 GMT", now)).toBe(300_000);
    expect(parseRetryAfter("Tue, 20 Jan 2026 14:00:00 GMT", now)).toBe(0);
  });
  it("ignores what it cannot read", () => {
    for (const v of [undefined, "", "soon", "-5", "1.5"]) expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});
