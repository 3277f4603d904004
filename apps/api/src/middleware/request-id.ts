import { randomUUID } from "node:crypto";
import type { Express, Request, RequestHandler } from "express";
import type { Logger } from "@herald/config";

const incoming = /^[\w.:-]{1,128}$/;
const LOGGER = Symbol("request logger");

/**
 * The request's child logger, carrying its id, made on first use: most
 * requests (a publish that succeeds) never log, and a winston child per
 * request was a measurable share of a publish's CPU. Kept on the request
 * object itself, so it works whichever app's prototype the request has at
 * the moment (an Express sub-app such as Bull Board swaps it for its own).
 */
export function requestLogger(req: Request, logger: Logger): Logger {
  const holder = req as Request & { [LOGGER]?: Logger };
  holder[LOGGER] ??= logger.child({ requestId: req.id });
  return holder[LOGGER];
}

/** `req.log` for Herald's own handlers (see requestLogger). */
export function installRequestLogger(app: Express, logger: Logger): void {
  Object.defineProperty(app.request, "log", {
    configurable: true,
    get(this: Request) {
      return requestLogger(this, logger);
    },
  });
}

/** Gives each request an id (kept from X-Request-Id when sane), and logs it at `http` level when that level is on. */
export function requestId(logger: Logger): RequestHandler {
  const logRequests = logger.isLevelEnabled("http");
  return (req, res, next) => {
    const header = req.headers["x-request-id"];
    const id = typeof header === "string" && incoming.test(header) ? header : randomUUID();
    req.id = id;
    res.setHeader("x-request-id", id);
    if (logRequests) {
      const started = process.hrtime.bigint();
      res.on("finish", () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        // The path as requested (a mounted router has cut req.path to its own part); never the query
        // string, which may carry cursors, nor bodies.
        requestLogger(req, logger).http("request", {
          method: req.method,
          path: req.originalUrl.split("?", 1)[0],
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        });
      });
    }
    next();
  };
}
