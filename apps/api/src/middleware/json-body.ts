import express, { type RequestHandler } from "express";
import { AppError } from "../lib/app-error.ts";

/** Objects and arrays nested deeper than this are refused (the body itself is level 1). */
const MAX_JSON_DEPTH = 64;

type Key = string | number;
/** A container still to look into, with the way back to the body's root (built only for the error). */
interface Pending {
  value: object;
  depth: number;
  key: Key;
  parent: Pending | null;
}

interface UnsafeJson {
  path: Key[];
  problem: "too_deep" | "lone_surrogate";
}

function pathOf(node: Pending | null, last?: Key): Key[] {
  const path: Key[] = last === undefined ? [] : [last];
  for (let at = node; at?.parent; at = at.parent) path.unshift(at.key);
  return path;
}

/**
 * The first place in a parsed JSON body that Herald cannot keep: a container
 * nested past MAX_JSON_DEPTH (JSON.stringify, Postgres and every later walk
 * would recurse into it; thousands of levels overflow the stack), or a string
 * or key holding a lone UTF-16 surrogate (JSON escapes like "\ud800" parse to
 * one, and Postgres refuses it as invalid JSON). One loop over an explicit
 * stack, so the walk itself cannot overflow; most strings pass one native
 * isWellFormed() call.
 */
function findUnsafeJson(body: unknown): UnsafeJson | null {
  if (typeof body === "string") return body.isWellFormed() ? null : { path: [], problem: "lone_surrogate" };
  if (body === null || typeof body !== "object") return null;
  const stack: Pending[] = [{ value: body, depth: 1, key: "", parent: null }];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (node.depth > MAX_JSON_DEPTH) return { path: pathOf(node), problem: "too_deep" };
    const found = Array.isArray(node.value) ? scanArray(node, node.value, stack) : scanObject(node, stack);
    if (found) return found;
  }
  return null;
}

/** Checks one value of a container: a string now, a container later (pushed). */
function visit(node: Pending, key: Key, child: unknown, stack: Pending[]): UnsafeJson | null {
  if (typeof child === "string") {
    if (!child.isWellFormed()) return { path: pathOf(node, key), problem: "lone_surrogate" };
  } else if (child !== null && typeof child === "object") {
    stack.push({ value: child, depth: node.depth + 1, key, parent: node });
  }
  return null;
}

function scanArray(node: Pending, array: unknown[], stack: Pending[]): UnsafeJson | null {
  for (let i = 0; i < array.length; i++) {
    const found = visit(node, i, array[i], stack);
    if (found) return found;
  }
  return null;
}

// for...in rather than Object.entries: no array per object, a measurable share of the walk on a publish.
function scanObject(node: Pending, stack: Pending[]): UnsafeJson | null {
  const object = node.value as Record<string, unknown>;
  for (const name in object) {
    if (!name.isWellFormed()) return { path: pathOf(node, name), problem: "lone_surrogate" };
    const found = visit(node, name, object[name], stack);
    if (found) return found;
  }
  return null;
}

/** A path as the API names fields (`data.items.0.x`), lone surrogates written as escapes so the name is printable. */
function fieldName(path: Key[]): string {
  return path
    .map(String)
    .join(".")
    .replace(/\p{Surrogate}/gu, (unit) => `\\u${unit.charCodeAt(0).toString(16)}`);
}

const problems: Record<UnsafeJson["problem"], string> = {
  too_deep: `nested deeper than ${MAX_JSON_DEPTH} levels of objects and arrays`,
  lone_surrogate: "holds a lone UTF-16 surrogate (\\ud800-\\udfff unpaired), which is not valid Unicode",
};

/** Refuses a parsed body findUnsafeJson objects to, with a 400 naming where. */
const refuseUnsafeJson: RequestHandler = (req, _res, next) => {
  const unsafe = findUnsafeJson(req.body);
  if (!unsafe) return next();
  const field = fieldName(unsafe.path);
  const message = `${field || "body"}: ${problems[unsafe.problem]}`;
  next(
    new AppError("validation_error", `invalid body: ${message}`, [
      { field: field || undefined, message, code: unsafe.problem },
    ]),
  );
};

/**
 * Every route's JSON body parser: the size limit (HERALD_BODY_LIMIT), then
 * the rules every JSON input obeys, whichever route takes it.
 */
export function jsonBody(limit: string): RequestHandler[] {
  return [express.json({ limit, strict: false, type: ["application/json", "application/*+json"] }), refuseUnsafeJson];
}
