import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import type { Logger } from "../lib/logger.ts";

const incoming = /^[\w.:-]{1,128}$/;

/** Gives each request an id (kept from X-Request-Id when sane) and a child logger. */
export function requestId(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const header = req.get("x-request-id");
    const id = header && incoming.test(header) ? header : randomUUID();
    req.id = id;
    req.log = logger.child({ requestId: id });
    res.setHeader("x-request-id", id);
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Path only: query strings may carry cursors, never log bodies.
      req.log.http("request", { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
  };
}
