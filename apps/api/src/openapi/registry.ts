import type { z } from "zod";

type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Headers the response carries (e.g. X-Next-Cursor on lists). */
  headers?: Record<string, string>;
}

/** One documented operation. The same zod schemas validate the request. */
export interface OperationSpec {
  method: HttpMethod;
  /** Full Express path, e.g. `/api/v1/webhooks/:id`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  responses: Record<number, ResponseSpec>;
  /** `admin`: needs an admin key; `key`: any key; `public`: no auth. */
  auth: "admin" | "key" | "public";
}

// Module-level on purpose: the document describes the code, not an app
// instance, and every createApp() registers the same operations again.
const operations = new Map<string, OperationSpec>();

/**
 * Adds an operation to /openapi.json. Every router calls this (directly or
 * through `documentedRouter`) for each route it serves.
 */
export function registerOperation(spec: OperationSpec): void {
  operations.set(`${spec.method} ${spec.path}`, spec);
}

export function registeredOperations(): OperationSpec[] {
  return [...operations.values()].sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}
