import type { RequestHandler } from "express";
import { AppError } from "../lib/app-error.ts";
import type { OperationSpec } from "../openapi/registry.ts";
import { portalMay } from "../routes/tenants/portal-sessions/portal-access.ts";

/**
 * The access check of one documented operation, run after authenticate: a
 * portal session only reaches the operations its allow list names; an
 * `admin` operation needs an admin key.
 */
export function authorize({ auth, operation }: { auth: OperationSpec["auth"]; operation: string }): RequestHandler {
  return (req, _res, next) => {
    const role = req.principal?.role;
    if (role === "portal" && !portalMay(operation))
      return next(new AppError("forbidden", "a tenant portal session cannot use this endpoint"));
    if (auth === "admin" && role !== "admin")
      return next(new AppError("forbidden", "this endpoint needs an admin key"));
    next();
  };
}
