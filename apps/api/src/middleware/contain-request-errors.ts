import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger } from "@herald/config";
import type { Request, RequestHandler, Response } from "express";
import { AppError } from "../lib/app-error.ts";
import { describeError, sendError } from "./error-handler.ts";
import { requestLogger } from "./request-id.ts";

/**
 * The request each piece of code runs for, carried across callbacks, timers
 * and promises (AsyncLocalStorage), so an error nothing caught can be traced
 * back to its request.
 */
const current = new AsyncLocalStorage<{ req: Request; res: Response }>();

/** The first middleware: everything the request starts runs in its context. */
export const requestScope: RequestHandler = (req, res, next) => current.run({ req, res }, next);

/**
 * Express catches what a handler throws or rejects with, but not what a
 * callback, a forgotten promise or an event listener (a response's 'finish'
 * hook) throws later: Node would end the process, and every other request in
 * it. Such an error, raised for a request, is logged with the request's id
 * and answered with a 500 if nothing was answered yet (a half-sent answer is
 * cut off); the process carries on. An error outside any request still ends
 * it, as Node would: nothing says its state is sound.
 */
export function containUncaughtRequestErrors(logger: Logger): void {
  process.on("uncaughtException", (err, origin) => {
    const scope = current.getStore();
    if (!scope) {
      process.stderr.write(`herald: uncaught error outside any request (${origin}): ${(err as Error)?.stack ?? err}\n`);
      process.exit(1);
    }
    const { req, res } = scope;
    requestLogger(req, logger).error("uncaught error in a request", { origin, error: describeError(err) });
    if (!res.headersSent) sendError(req, res, new AppError("internal_error", "internal server error"));
    else if (!res.writableEnded) res.destroy();
  });
}
