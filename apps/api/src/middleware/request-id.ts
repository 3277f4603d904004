import { randomUUID } from "node:crypto";
import type { Express, RequestHandler } from "express";
import type { Logger } from "@herald/config";

const incoming = /^[\w.:-]{1,128}$/;
const LOGGER = Symbol("request logger");

/**
 * `req.log`, a child logger carrying the request id, made on first use: most
 * requests (a publish that succeeds) never log, and a winston child per
 * request was a measurable share of a publish's CPU.
 */
export function installRequestLogger(app: Express, logger: Logger): void {
  Object.defineProperty(app.request, "log", {
    configurable: true,
    get(this: Express["request"] & { [LOGGER]?: Logger }) {
      this[LOGGER] ??= logger.child({ requestId: this.id });
      return this[LOGGER];
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
        // Path only: query strings may carry cursors, never log bodies.
        req.log.http("request", {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
        });
      });
    }
    next();
  };
}
