import { FILTER_LIMITS, filterIssues } from "./webhook-filter.ts";

const nested = (levels: number): Record<string, unknown> =>
  levels === 0 ? { event: "a" } : { $not: nested(levels - 1) };

describe("filterIssues", () => {
  it.each([
    ["the issue's example", { "data.amount": { $gte: 100 }, "data.currency": { $in: ["EUR", "USD"] } }],
    ["an empty filter (matches every event)", {}],
    [
      "every operator",
      {
        "data.a": {
          $eq: 1,
          $ne: null,
          $in: [1, "x", null, [1], { b: 2 }],
          $nin: [],
          $gt: 1.5,
          $gte: -1,
          $lt: 1e20,
          $lte: 0,
          $exists: true,
          $not: { $in: [3] },
        },
      },
    ],
    [
      "implicit equality with any JSON value",
      {
        event: "invoice.paid",
        tenant_id: null,
        "data.tags": ["a", "b"],
        "data.customer": { tier: "gold", since: 2020 },
      },
    ],
    [
      "logical operators",
      { $or: [{ event: "a" }, { $and: [{ "data.x": 1 }, { $not: { "data.y": { $exists: true } } }] }] },
    ],
    ["envelope fields", { id: "evt_1", created_at: { $exists: true }, "data.deeply.nested.key-with_odd chars": 1 }],
    [`${FILTER_LIMITS.maxDepth} levels of nesting`, nested(FILTER_LIMITS.maxDepth)],
  ])("accepts %s", (_name, filter) => {
    expect(filterIssues(filter)).toEqual([]);
  });

  it.each<[string, unknown, string, RegExp]>([
    ["a non-object filter", ["data.a"], "", /must be an object of conditions/],
    ["a string ordering operand", { "data.amount": { $gte: "100" } }, "data.amount.$gte", /must be a number/],
    ["a null ordering operand", { "data.amount": { $lt: null } }, "data.amount.$lt", /must be a number/],
    ["$where", { $where: "this.a > 1" }, "$where", /is not allowed here/],
    ["$regex", { "data.name": { $regex: "^(a+)+$" } }, "data.name.$regex", /is not a supported operator/],
    ["an unknown operator", { "data.a": { $size: 2 } }, "data.a.$size", /is not a supported operator/],
    ["$elemMatch", { "data.a": { $elemMatch: { b: 1 } } }, "data.a.$elemMatch", /is not a supported operator/],
    [
      "operators mixed with fields",
      { "data.a": { $gt: 1, b: 2 } },
      "data.a",
      /either a value or an object of operators/,
    ],
    [
      "an operator inside a value",
      { "data.a": { b: { $eq: 1 } } },
      "data.a.b.$eq",
      /operator is not allowed inside a value/,
    ],
    [
      "an operator inside an $in value",
      { "data.a": { $in: [{ $gt: 1 }] } },
      "data.a.$in.0.$gt",
      /operator is not allowed inside a value/,
    ],
    ["$in not a list", { "data.a": { $in: "EUR" } }, "data.a.$in", /must be a list/],
    [
      "$in too long",
      { "data.a": { $nin: Array.from({ length: FILTER_LIMITS.maxList + 1 }, (_, i) => i) } },
      "data.a.$nin",
      /at most 100 values/,
    ],
    ["$exists not a boolean", { "data.a": { $exists: 1 } }, "data.a.$exists", /true or false/],
    ["a field $not of a value", { "data.a": { $not: 5 } }, "data.a.$not", /object of operators/],
    ["$and not a list", { $and: { event: "a" } }, "$and", /list of 1-20 filters/],
    ["an empty $or", { $or: [] }, "$or", /list of 1-20 filters/],
    ["a branch that is not an object", { $or: [{ event: "a" }, "b"] }, "$or.1", /must be an object of conditions/],
    ["a path outside the envelope", { amount: { $gt: 1 } }, "amount", /must start with one of the envelope's fields/],
    ["a path below a scalar field", { "event.name": "a" }, "event.name", /only data has fields below it/],
    ["an empty path segment", { "data..a": 1 }, "data..a", /without empty segments/],
    ["a $ path segment", { "data.$a": 1 }, "data.$a", /must not start with \$/],
    ["__proto__ as a path", JSON.parse('{"__proto__": {"x": 1}}'), "__proto__", /must start with one of/],
    [
      "too many path segments",
      { ["data" + ".a".repeat(FILTER_LIMITS.maxSegments)]: 1 },
      "data" + ".a".repeat(FILTER_LIMITS.maxSegments),
      /at most 10 segments/,
    ],
    ["U+0000 in a value", { "data.a": "x\u0000" }, "data.a", /U\+0000/],
    ["nesting too deep", nested(FILTER_LIMITS.maxDepth + 1), "$not.$not.$not.$not.$not.$not", /nests too deeply/],
    ["too large", { "data.a": { $in: Array.from({ length: 90 }, () => "x".repeat(50)) } }, "", /at most 4096 bytes/],
  ])("refuses %s, naming where", (_name, filter, path, message) => {
    const issues = filterIssues(filter);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.path.join(".")).toBe(path);
    expect(issues[0]!.message).toMatch(message);
  });

  it("reports every problem, not only the first", () => {
    const issues = filterIssues({ "data.a": { $gt: "1" }, nope: 1, $where: "x" });
    expect(issues.map((i) => i.path.join("."))).toEqual(["data.a.$gt", "nope", "$where"]);
  });
});
