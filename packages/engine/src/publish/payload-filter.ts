// Payload filters (docs/payload-filters.md): whether an event's envelope
// passes a webhook's filter. Fan-out (createEvents) and the filter test
// endpoint both call filterVerdict, so a test cannot disagree with a publish.
//
// Semantics (the property test checks them against the sift library):
// * a filter is an object; all of its entries must hold. "$and"/"$or" take a
//   list of filters, "$not" one filter; any other key is a dotted path.
// * a path walks objects only (never into arrays, strings or numbers); where
//   it does not lead to a value, the field is missing.
// * a condition is a value (equality) or an object of operators, all of which
//   must hold: $eq $ne $in $nin $gt $gte $lt $lte $exists $not.
// * a value satisfies an operator if it does, or if it is an array one of
//   whose elements does (MongoDB's rule); $ne/$nin/$not are the negation of
//   $eq/$in/the operators, so they fail if any element matches.
// * equality is deep JSON equality (object key order does not matter); a
//   missing field equals null. $gt/$gte/$lt/$lte hold only for numbers.
// Anything malformed (the API refuses it; only a hand-written row could hold
// it) does not match rather than throwing.
//
// Cost is bounded whatever the event's size: every value examined (an array
// element, a node compared, a condition) spends one unit of a budget. A
// filter that runs out is treated as matching (the event is delivered: a
// filter narrows what an endpoint gets, and running out must never lose an
// event), and the verdict says so.

/** Values one filter may examine for one event, and all of an event's filters together. */
export const FILTER_BUDGET = { perFilter: 10_000, perEvent: 100_000 } as const;

/** The document a filter reads: the envelope an endpoint receives, with the event's data parsed. */
export interface FilterEnvelope {
  id: string;
  event: string;
  created_at: string;
  tenant_id: string | null;
  data: unknown;
}

export interface FilterVerdict {
  matches: boolean;
  /** The filter ran out of budget before deciding; `matches` is then true. */
  exhausted: boolean;
}

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** What is left to spend; `spend` throws OUT when it runs out. */
export class FilterBudget {
  constructor(public left: number) {}
  spend(): void {
    if (--this.left < 0) throw OUT;
  }
}
const OUT = Symbol("filter budget exhausted");

/**
 * Whether `doc` passes `filter`, spending at most `FILTER_BUDGET.perFilter`
 * values, and no more than what `shared` (the event's budget) has left.
 */
export function filterVerdict(filter: unknown, doc: FilterEnvelope, shared?: FilterBudget): FilterVerdict {
  const allowance = Math.min(FILTER_BUDGET.perFilter, shared ? Math.max(shared.left, 0) : FILTER_BUDGET.perFilter);
  const budget = new FilterBudget(allowance);
  try {
    return { matches: matches(filter, doc as unknown as Obj, budget), exhausted: false };
  } catch (err) {
    if (err !== OUT) throw err;
    return { matches: true, exhausted: true };
  } finally {
    if (shared) shared.left -= allowance - Math.max(budget.left, 0);
  }
}

function matches(filter: unknown, doc: unknown, budget: FilterBudget): boolean {
  if (!isObject(filter)) return false;
  for (const [key, value] of Object.entries(filter)) {
    budget.spend();
    let holds: boolean;
    if (key === "$and") holds = Array.isArray(value) && value.every((f) => matches(f, doc, budget));
    else if (key === "$or") holds = Array.isArray(value) && value.some((f) => matches(f, doc, budget));
    else if (key === "$not") holds = isObject(value) && !matches(value, doc, budget);
    else holds = field(value, valueAt(doc, key.split(".")), budget);
    if (!holds) return false;
  }
  return true;
}

/** The value at a path, walking objects only; undefined when missing. */
function valueAt(doc: unknown, path: string[]): unknown {
  let at = doc;
  for (const segment of path) {
    if (!isObject(at) || !Object.hasOwn(at, segment)) return undefined;
    at = at[segment];
  }
  return at;
}

/** A field (undefined: missing) satisfies a condition: a value, or an object of operators. */
function field(condition: unknown, value: unknown, budget: FilterBudget): boolean {
  if (!isObject(condition) || !Object.keys(condition).some((k) => k.startsWith("$")))
    return any("$eq", condition, value, budget);
  for (const [op, arg] of Object.entries(condition)) {
    let holds: boolean;
    if (op === "$ne") holds = !any("$eq", arg, value, budget);
    else if (op === "$nin") holds = !any("$in", arg, value, budget);
    else if (op === "$exists") holds = typeof arg === "boolean" && (value !== undefined) === arg;
    else if (op === "$not") holds = !field(arg, value, budget);
    else holds = any(op, arg, value, budget);
    if (!holds) return false;
  }
  return true;
}

/** A present value satisfies a positive operator, or one of its elements does; a missing field only equals null. */
function any(op: string, arg: unknown, value: unknown, budget: FilterBudget): boolean {
  if (value === undefined) return test(op, arg, null, budget);
  if (test(op, arg, value, budget)) return true;
  if (!Array.isArray(value)) return false;
  for (const element of value) {
    budget.spend();
    if (test(op, arg, element, budget)) return true;
  }
  return false;
}

function test(op: string, arg: unknown, value: unknown, budget: FilterBudget): boolean {
  switch (op) {
    case "$eq":
      return equal(arg, value, budget);
    case "$in":
      return Array.isArray(arg) && isIn(arg, value, budget);
    case "$gt":
    case "$gte":
    case "$lt":
    case "$lte":
      return typeof value === "number" && typeof arg === "number" && compare(op, value, arg);
    default:
      return false;
  }
}

function compare(op: "$gt" | "$gte" | "$lt" | "$lte", value: number, arg: number): boolean {
  if (op === "$gt") return value > arg;
  if (op === "$gte") return value >= arg;
  if (op === "$lt") return value < arg;
  return value <= arg;
}

// A list's scalars, as a set, made once per list: `$in` then costs one unit
// per value examined, not one per list entry.
const scalarSets = new WeakMap<unknown[], { scalars: Set<unknown>; composites: unknown[] }>();
const isScalar = (v: unknown) => v === null || typeof v !== "object";

function isIn(list: unknown[], value: unknown, budget: FilterBudget): boolean {
  let split = scalarSets.get(list);
  if (!split) {
    split = { scalars: new Set(list.filter(isScalar)), composites: list.filter((v) => !isScalar(v)) };
    scalarSets.set(list, split);
  }
  if (isScalar(value)) return split.scalars.has(value);
  return split.composites.some((entry) => equal(entry, value, budget));
}

/** Deep JSON equality (object key order aside), one unit per node compared. */
function equal(a: unknown, b: unknown, budget: FilterBudget): boolean {
  budget.spend();
  if (isScalar(a) || isScalar(b)) return a === b;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => equal(x, b[i], budget));
  }
  if (Array.isArray(b)) return false;
  const left = a as Obj;
  const right = b as Obj;
  const keys = Object.keys(left);
  // Counted up to one past the filter's side only: an event's object may be huge.
  let count = 0;
  for (const _ in right) if (++count > keys.length) return false;
  if (count !== keys.length) return false;
  return keys.every((k) => Object.hasOwn(right, k) && equal(left[k], right[k], budget));
}
