import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** Date.now() when the body was read: the receiver's own clock, not the sender's. */
  receivedAt: number;
}

export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Answer after this long (a slow receiver). */
  delayMs?: number;
  /** Answer only once this settles: the test decides when, so a loaded machine cannot reorder it. */
  until?: Promise<unknown>;
}

/** Decides each answer; `index` counts requests from 0. Default: 200 "ok". */
export type Responder = (req: ReceivedRequest, index: number) => Reply | undefined;

export interface Receiver {
  /** `http://127.0.0.1:<port>`, followed by `/<name>` when the receiver is named. */
  url: string;
  name: string;
  /** Every request, in arrival order, recorded as soon as its body is read (before any delay). */
  requests: ReceivedRequest[];
  /** Event id (the body's `id`, "unparseable" otherwise) → how many POSTs carried it. */
  byEvent: Map<string, number>;
  /** webhook-id header (the delivery id) → how many POSTs carried it. */
  byDelivery: Map<string, number>;
  /** The most requests to `path` (any path when omitted) held unanswered at once. */
  peakInFlight(path?: string): number;
  respondWith(responder: Responder): void;
  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /** Appended to the URL, so one run's endpoints can be told apart in its ledger. */
  name?: string;
}

function eventIdOf(body: string): string {
  try {
    return String((JSON.parse(body) as { id?: unknown }).id);
  } catch {
    return "unparseable"; // a ledger check then fails loudly
  }
}

const bump = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/**
 * A real HTTP endpoint on loopback, on an ephemeral port, for delivery tests:
 * records every request and keeps a ledger of events and deliveries received.
 */
export async function startReceiver(
  responder: Responder = () => undefined,
  { name = "" }: ReceiverOptions = {},
): Promise<Receiver> {
  let respond = responder;
  const requests: ReceivedRequest[] = [];
  const byEvent = new Map<string, number>();
  const byDelivery = new Map<string, number>();
  const open = new Map<string, number>();
  const peak = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const track = (path: string, step: 1 | -1) => {
    for (const key of [path, ""]) {
      const now = (open.get(key) ?? 0) + step;
      open.set(key, now);
      peak.set(key, Math.max(peak.get(key) ?? 0, now));
    }
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
        receivedAt: Date.now(),
      };
      const index = requests.push(received) - 1;
      bump(byEvent, eventIdOf(received.body));
      bump(byDelivery, String(req.headers["webhook-id"]));
      track(received.path, 1);
      const reply = respond(received, index) ?? {};
      const send = () => {
        timers.delete(timer);
        track(received.path, -1);
        if (res.destroyed) return;
        res.writeHead(reply.status ?? 200, { "content-type": "text/plain", ...reply.headers });
        res.end(reply.body ?? "ok");
      };
      const timer = setTimeout(() => void (reply.until ?? Promise.resolve()).finally(send), reply.delayMs ?? 0);
      timers.add(timer);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${name ? `/${name}` : ""}`,
    name,
    requests,
    byEvent,
    byDelivery,
    peakInFlight: (path = "") => peak.get(path) ?? 0,
    respondWith(next) {
      respond = next;
    },
    async waitForRequests(count, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline)
          throw new Error(`receiver got ${requests.length} of ${count} requests within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return requests;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
