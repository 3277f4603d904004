import { candidatePatterns, isEventPattern, isEventType, matchesEventType } from "./event-patterns.ts";

describe("event type patterns", () => {
  it.each([
    ["invoice.updated", "invoice.updated", true],
    ["invoice.updated", "invoice.created", false],
    ["invoice.*", "invoice.updated", true],
    ["invoice.*", "invoice.line.created", true],
    ["invoice.*", "invoices.updated", false],
    ["invoice.*", "invoice", false],
    ["invoice.line.*", "invoice.line.created", true],
    ["invoice.line.*", "invoice.updated", false],
    ["*", "anything.at.all", true],
    ["*", "ping", true],
    // Herald's operational events are opted into by name or herald.*, never by *.
    ["*", "herald.endpoint.disabled", false],
    ["herald.*", "herald.endpoint.disabled", true],
    ["herald.endpoint.*", "herald.endpoint.disabled", true],
    ["herald.endpoint.*", "herald.circuit.opened", false],
  ])("%s matches %s: %s", (pattern, type, expected) => {
    expect(matchesEventType(pattern, type)).toBe(expected);
  });

  it("lists exactly the patterns that match a type", () => {
    expect(candidatePatterns("invoice.line.created")).toEqual([
      "*",
      "invoice.*",
      "invoice.line.*",
      "invoice.line.created",
    ]);
    expect(candidatePatterns("ping")).toEqual(["*", "ping"]);
    expect(candidatePatterns("herald.circuit.opened")).toEqual([
      "herald.*",
      "herald.circuit.*",
      "herald.circuit.opened",
    ]);
    const patterns = [
      "*",
      "herald.*",
      "herald.delivery.*",
      "invoice.*",
      "invoice.line.*",
      "invoice.line.created",
      "invoice.updated",
      "order.*",
      "invoice.line",
    ];
    for (const type of ["invoice.line.created", "invoice.updated", "order.paid", "ping", "herald.delivery.exhausted"]) {
      const candidates = new Set(candidatePatterns(type));
      for (const pattern of patterns)
        expect([pattern, candidates.has(pattern)]).toEqual([pattern, matchesEventType(pattern, type)]);
    }
  });

  it("validates types and patterns", () => {
    expect(isEventType("invoice.updated")).toBe(true);
    expect(isEventType("user_signed-up")).toBe(true);
    for (const bad of ["", "*", "invoice.*", "invoice..x", ".x", "x.", "has space", "a".repeat(201)])
      expect(isEventType(bad)).toBe(false);
    for (const ok of ["*", "invoice.*", "invoice.line.*", "invoice.updated"]) expect(isEventPattern(ok)).toBe(true);
    for (const bad of ["**", "*.invoice", "invoice*", "in*voice.x", "invoice.*.x"])
      expect(isEventPattern(bad)).toBe(false);
  });
});
