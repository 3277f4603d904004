import { z } from "zod";

// The payload filter language (docs/payload-filters.md): what the API
// accepts. @herald/db's filterVerdict evaluates it at fan-out, within a
// budget; everything it could not evaluate the same way as the documented
// semantics is refused here, with the path of the problem.

export const FILTER_LIMITS = {
  maxBytes: 4096,
  maxDepth: 5,
  maxBranches: 20,
  maxList: 100,
  maxSegments: 10,
  maxPathLength: 200,
} as const;

/** The envelope's fields a path may start with; only `data` has fields below it. */
const ROOTS = ["id", "event", "created_at", "tenant_id", "data"];
const EQUALITY = new Set(["$eq", "$ne"]);
const LISTS = new Set(["$in", "$nin"]);
const ORDERING = new Set(["$gt", "$gte", "$lt", "$lte"]);
const OPERATORS = ["$eq", "$ne", "$in", "$nin", "$gt", "$gte", "$lt", "$lte", "$exists", "$not"];

export interface FilterIssue {
  path: string[];
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isOperator = (key: string) => key.startsWith("$");
const hasNul = (s: string) => s.includes("\u0000");

/** Every problem of a filter, each with the path (from the filter's root) where it is. */
export function filterIssues(filter: unknown): FilterIssue[] {
  const issues: FilterIssue[] = [];
  const size = Buffer.byteLength(JSON.stringify(filter) ?? "");
  if (size > FILTER_LIMITS.maxBytes)
    return [{ path: [], message: `must be at most ${FILTER_LIMITS.maxBytes} bytes of JSON (this one is ${size})` }];
  checkFilter(filter, [], 0, issues);
  return issues;
}

function checkFilter(filter: unknown, path: string[], depth: number, issues: FilterIssue[]): void {
  if (!isObject(filter)) return void issues.push({ path, message: "must be an object of conditions" });
  if (depth > FILTER_LIMITS.maxDepth)
    return void issues.push({
      path,
      message: `nests too deeply (at most ${FILTER_LIMITS.maxDepth} levels of $and, $or and $not)`,
    });
  for (const [key, value] of Object.entries(filter)) {
    const at = [...path, key];
    if (key === "$and" || key === "$or") {
      if (!Array.isArray(value) || value.length === 0 || value.length > FILTER_LIMITS.maxBranches) {
        issues.push({ path: at, message: `must be a list of 1-${FILTER_LIMITS.maxBranches} filters` });
      } else {
        for (const [i, branch] of value.entries()) checkFilter(branch, [...at, String(i)], depth + 1, issues);
      }
    } else if (key === "$not") {
      checkFilter(value, at, depth + 1, issues);
    } else if (isOperator(key)) {
      issues.push({ path: at, message: "is not allowed here: a filter's keys are field paths, $and, $or or $not" });
    } else {
      const problem = pathProblem(key);
      if (problem) issues.push({ path: at, message: problem });
      else checkCondition(value, at, depth, issues);
    }
  }
}

/** Why a key is not a path into the envelope, if it is not. */
function pathProblem(key: string): string | null {
  const segments = key.split(".");
  if (key.length > FILTER_LIMITS.maxPathLength || segments.length > FILTER_LIMITS.maxSegments)
    return `must be a path of at most ${FILTER_LIMITS.maxSegments} segments and ${FILTER_LIMITS.maxPathLength} characters`;
  if (segments.some((s) => s === "")) return "must be a dotted path without empty segments (data.amount)";
  if (segments.some((s) => isOperator(s))) return "path segments must not start with $";
  if (hasNul(key)) return "must not contain the character U+0000";
  if (!ROOTS.includes(segments[0]!)) return `must start with one of the envelope's fields: ${ROOTS.join(", ")}`;
  if (segments.length > 1 && segments[0] !== "data") return "only data has fields below it";
  return null;
}

function checkCondition(condition: unknown, path: string[], depth: number, issues: FilterIssue[]): void {
  if (!isObject(condition) || !Object.keys(condition).some(isOperator)) return void checkValue(condition, path, issues);
  if (!Object.keys(condition).every(isOperator))
    return void issues.push({ path, message: "must be either a value or an object of operators, not both" });
  for (const [op, arg] of Object.entries(condition)) {
    const at = [...path, op];
    if (EQUALITY.has(op)) {
      checkValue(arg, at, issues);
    } else if (LISTS.has(op)) {
      if (!Array.isArray(arg) || arg.length > FILTER_LIMITS.maxList)
        issues.push({ path: at, message: `must be a list of at most ${FILTER_LIMITS.maxList} values` });
      else for (const [i, v] of arg.entries()) checkValue(v, [...at, String(i)], issues);
    } else if (ORDERING.has(op)) {
      if (typeof arg !== "number" || !Number.isFinite(arg))
        issues.push({ path: at, message: "must be a number (ordering compares numbers only)" });
    } else if (op === "$exists") {
      if (typeof arg !== "boolean") issues.push({ path: at, message: "must be true or false" });
    } else if (op === "$not") {
      if (!isObject(arg) || Object.keys(arg).length === 0 || !Object.keys(arg).every(isOperator))
        issues.push({ path: at, message: 'must be an object of operators ({"$in": [...]})' });
      else if (depth + 1 > FILTER_LIMITS.maxDepth)
        issues.push({
          path: at,
          message: `nests too deeply (at most ${FILTER_LIMITS.maxDepth} levels of $and, $or and $not)`,
        });
      else checkCondition(arg, at, depth + 1, issues);
    } else {
      issues.push({ path: at, message: `is not a supported operator (use one of ${OPERATORS.join(" ")})` });
    }
  }
}

/** A value compared for equality: any JSON, but no operator-like keys inside it. */
function checkValue(value: unknown, path: string[], issues: FilterIssue[]): void {
  if (typeof value === "string" && hasNul(value))
    issues.push({ path, message: "must not contain the character U+0000" });
  else if (typeof value === "number" && !Number.isFinite(value))
    issues.push({ path, message: "must be a finite number" });
  else if (Array.isArray(value)) for (const [i, v] of value.entries()) checkValue(v, [...path, String(i)], issues);
  else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (isOperator(key)) issues.push({ path: [...path, key], message: "an operator is not allowed inside a value" });
      else if (hasNul(key)) issues.push({ path: [...path, key], message: "must not contain the character U+0000" });
      else checkValue(v, [...path, key], issues);
    }
  }
}

/**
 * The `filter` field of a webhook (and of a filter test): validated in full,
 * problems named by path. Checked as it came (not as a z.record, which would
 * silently drop a `__proto__` key before the check could name it).
 */
export const filterField = z
  .custom<Record<string, unknown>>()
  .superRefine((filter, ctx) => {
    for (const issue of filterIssues(filter))
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  })
  .meta({
    type: "object",
    additionalProperties: {},
    description:
      'payload filter over the delivered envelope, e.g. {"data.amount": {"$gte": 100}, "data.currency": {"$in": ["EUR", "USD"]}}; ' +
      `paths start with ${ROOTS.join(", ")}; operators ${OPERATORS.join(" ")}, and $and $or $not; ` +
      `at most ${FILTER_LIMITS.maxBytes} bytes (docs/payload-filters.md)`,
  });
