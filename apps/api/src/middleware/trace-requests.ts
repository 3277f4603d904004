import type { RequestHandler } from "express";
import type { Telemetry } from "@herald/telemetry";

/**
 * A server span per request (installed only when tracing is on), continuing
 * the caller's W3C `traceparent` when it sends one. The request's handlers
 * run inside the span's context, so a publish hands it to its batch and
 * jobs. Path only: a query string may carry cursors.
 */
export function traceRequests(telemetry: Telemetry): RequestHandler {
  const { api, tracer } = telemetry;
  return (req, res, next) => {
    const parent = telemetry.contextOf({ traceparent: req.get("traceparent"), tracestate: req.get("tracestate") });
    const span = tracer.startSpan(
      req.method,
      {
        kind: api.SpanKind.SERVER,
        attributes: { "http.request.method": req.method, "url.path": req.path, "url.scheme": req.protocol },
      },
      parent,
    );
    res.once("close", () => {
      // The matched route, once routing is done (`/api/v1/events/`, not the ids in the path).
      const route = req.route ? `${req.baseUrl}${req.route.path === "/" ? "" : String(req.route.path)}` : undefined;
      if (route) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute("http.route", route);
      }
      span.setAttribute("http.response.status_code", res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR });
      span.end();
    });
    api.context.with(api.trace.setSpan(parent, span), next);
  };
}
