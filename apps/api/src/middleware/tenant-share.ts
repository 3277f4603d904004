import type { RequestHandler } from "express";

/** The default of HERALD_TENANT_BYTES_IN_FLIGHT. */
export const TENANT_BYTES_IN_FLIGHT = 256 * 1024;

interface Lane {
  bytes: number;
  waiting: Array<{ cost: number; admit: () => void }>;
}

/**
 * Each tenant's share of the API. The API's work on a request grows with its
 * body (parsing, validation, serialising), all on one event loop, so one
 * tenant sending large bodies at high concurrency would make every other
 * tenant's request wait behind its work. Here, after authentication and
 * before the body is read, the bodies one tenant (or one admin key) has in
 * processing are bounded to `maxBytes` together: past that, its next request
 * waits, unread (TCP holds the rest), until one of its own ends. A request
 * larger than the bound goes alone. Small bodies (a typical publish) are
 * never held at ordinary concurrency; requests without a body pass.
 */
export function tenantShare({ maxBytes = TENANT_BYTES_IN_FLIGHT }: { maxBytes?: number } = {}): RequestHandler {
  const lanes = new Map<string, Lane>();

  function release(key: string, lane: Lane, cost: number): void {
    lane.bytes -= cost;
    while (lane.waiting.length > 0 && fits(lane, lane.waiting[0]!.cost)) lane.waiting.shift()!.admit();
    if (lane.bytes === 0 && lane.waiting.length === 0) lanes.delete(key);
  }
  const fits = (lane: Lane, cost: number) => lane.bytes === 0 || lane.bytes + cost <= maxBytes;

  return (req, res, next) => {
    const declared = req.headers["content-length"];
    // A chunked body's size is unknown until read: it counts as the whole share.
    const cost = declared === undefined ? (req.headers["transfer-encoding"] ? maxBytes : 0) : Number(declared) || 0;
    if (cost === 0) return next();
    const key = req.principal.tenantId ?? req.principal.actorId;
    const held = lanes.get(key) ?? { bytes: 0, waiting: [] };
    lanes.set(key, held);
    const admit = () => {
      res.off("close", leave);
      held.bytes += cost;
      res.once("close", () => release(key, held, cost));
      next();
    };
    const turn = { cost, admit };
    // A caller that hangs up while waiting gives its turn up (and takes no share).
    const leave = () => {
      held.waiting.splice(held.waiting.indexOf(turn), 1);
      release(key, held, 0);
    };
    if (held.waiting.length === 0 && fits(held, cost)) return admit();
    held.waiting.push(turn);
    res.once("close", leave);
  };
}
