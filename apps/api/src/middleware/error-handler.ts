import type { ErrorRequestHandler, Request, RequestHandler, Response } from "express";
import { AppError } from "../lib/app-error.ts";
import { toAppError } from "../lib/to-app-error.ts";

/**
 * Renders every error as `{"error": {code, message, details}}`. A 500 hides
 * its message from the client and logs it with the request id.
 */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  const e = toAppError(err);
  if (e.status >= 500) {
    req.log?.error("request failed", {
      code: e.code,
      error: describeError(err),
    });
  }
  sendError(req, res, e);
};

/** A thrown value as the logs keep it: an Error's name, message and stack, anything else as text. */
export function describeError(err: unknown): { name: string; message: string; stack?: string } | string {
  return err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err);
}

/** The one error body: `{"error": {code, message, details, request_id}}`, unless an answer has begun. */
export function sendError(req: Request, res: Response, e: AppError): void {
  if (res.headersSent) return;
  if (e.code === "service_unavailable") res.setHeader("retry-after", "5");
  res.status(e.status).json({ error: { code: e.code, message: e.message, details: e.details, request_id: req.id } });
}

export const notFoundHandler: RequestHandler = (req, _res, next) => {
  next(new AppError("not_found", `no route for ${req.method} ${req.path}`));
};
