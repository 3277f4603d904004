import type { RequestHandler } from "express";

interface Turn {
  cost: number;
  admit: () => void;
}

interface Lane {
  /** Bytes of this tenant's bodies in processing now. */
  bytes: number;
  /** Bytes it may still start this second (a token bucket; below zero after a body larger than a second's worth). */
  tokens: number;
  refilledAt: number;
  waiting: Turn[];
  timer?: NodeJS.Timeout;
}

export interface TenantShareOptions {
  /** Bytes of bodies one tenant may have in processing at once (HERALD_TENANT_BYTES_IN_FLIGHT); a larger body goes alone. */
  maxBytes: number;
  /** Bytes of bodies one tenant may start per second, on average (HERALD_TENANT_BYTES_PER_SECOND). */
  bytesPerSecond: number;
  /** Milliseconds now (tests). */
  now?: () => number;
}

/**
 * Each tenant's share of the API. The work on a request grows with its body
 * (parsing, validating, serialising, storing, delivering), on an event loop
 * and a database every tenant shares, so one tenant sending large bodies fast
 * would make every other tenant's requests wait behind its work. Here, after
 * authentication and before the body is read, each tenant (or admin key) has
 * at most `maxBytes` of bodies in processing and starts at most
 * `bytesPerSecond` on average: past either, its next request waits, unread
 * (TCP holds the rest), until its turn, while other tenants' go on. Typical
 * publishes (a few KiB) are never held at ordinary rates; requests without a
 * body pass.
 */
export function tenantShare({
  maxBytes,
  bytesPerSecond,
  now = () => performance.now(),
}: TenantShareOptions): RequestHandler {
  const lanes = new Map<string, Lane>();

  function refill(lane: Lane): void {
    const at = now();
    lane.tokens = Math.min(bytesPerSecond, lane.tokens + ((at - lane.refilledAt) * bytesPerSecond) / 1000);
    lane.refilledAt = at;
  }
  // A body larger than a second's worth needs a full bucket, and leaves it in debt.
  const fits = (lane: Lane, cost: number) =>
    (lane.bytes === 0 || lane.bytes + cost <= maxBytes) && lane.tokens >= Math.min(cost, bytesPerSecond);

  /** Admits waiting turns in order while they fit; if the bucket holds the next one back, looks again when it will fit. */
  function pump(key: string, lane: Lane): void {
    refill(lane);
    while (lane.waiting.length > 0 && fits(lane, lane.waiting[0]!.cost)) lane.waiting.shift()!.admit();
    clearTimeout(lane.timer);
    lane.timer = undefined;
    const next = lane.waiting[0];
    const short = next ? Math.min(next.cost, bytesPerSecond) - lane.tokens : 0;
    if (next && short > 0) lane.timer = setTimeout(() => pump(key, lane), Math.ceil((short * 1000) / bytesPerSecond));
    else if (lane.bytes === 0 && lane.waiting.length === 0 && lane.tokens >= bytesPerSecond) lanes.delete(key);
  }

  return (req, res, next) => {
    const declared = req.headers["content-length"];
    // A chunked body's size is unknown until read: it counts as the whole in-flight share.
    const cost = declared === undefined ? (req.headers["transfer-encoding"] ? maxBytes : 0) : Number(declared) || 0;
    if (cost === 0) return next();
    const key = req.principal.tenantId ?? req.principal.actorId;
    const lane = lanes.get(key) ?? { bytes: 0, tokens: bytesPerSecond, refilledAt: now(), waiting: [] };
    lanes.set(key, lane);
    const turn: Turn = {
      cost,
      admit: () => {
        res.off("close", leave);
        lane.bytes += cost;
        lane.tokens -= cost;
        res.once("close", () => {
          lane.bytes -= cost;
          pump(key, lane);
        });
        next();
      },
    };
    // A caller that hangs up while waiting gives its turn up.
    const leave = () => {
      lane.waiting.splice(lane.waiting.indexOf(turn), 1);
      pump(key, lane);
    };
    refill(lane);
    if (lane.waiting.length === 0 && fits(lane, cost)) return turn.admit();
    lane.waiting.push(turn);
    res.once("close", leave);
    pump(key, lane);
  };
}
