import http from "node:http";
import type { AddressInfo } from "node:net";

// A plain node:http receiver run as its own process: answers 200 at once and
// records, per path, which webhook-ids arrived and when, so the bench can
// count lost and duplicated deliveries and publish→receive latency (paths under
// /lat: the body's data.sent_at, Unix ms, and the time from it to arrival).
// Paths under /fifo also keep the order of first arrivals (webhook-ids), which the FIFO phase checks against Postgres.
/** What the receiver counted since it started or was last reset; the bench reads it over IPC. */
export interface ReceiverStats {
  received: number;
  unique: number;
  duplicates: number;
  latencies: Array<{ at: number; ms: number }>;
  firstAt: number;
  lastAt: number;
  byPath: Record<string, number>;
  /** Webhook-ids of first arrivals under /fifo, in arrival order. */
  fifoOrder: string[];
}

const seen = new Set<string>();
let stats: ReceiverStats = fresh();
function fresh(): ReceiverStats {
  return { received: 0, unique: 0, duplicates: 0, latencies: [], firstAt: 0, lastAt: 0, byPath: {}, fifoOrder: [] };
}
const now = () => performance.timeOrigin + performance.now();

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const at = now();
    const path = (req.url ?? "/").split("?")[0]!;
    const key = `${path}|${req.headers["webhook-id"] ?? ""}`;
    stats.received++;
    if (!stats.firstAt) stats.firstAt = at;
    stats.lastAt = at;
    stats.byPath[path] = (stats.byPath[path] ?? 0) + 1;
    if (seen.has(key)) stats.duplicates++;
    else {
      seen.add(key);
      stats.unique++;
      if (path.startsWith("/fifo")) stats.fifoOrder.push(String(req.headers["webhook-id"]));
    }
    if (path.startsWith("/lat")) {
      try {
        const sentAt = JSON.parse(Buffer.concat(chunks).toString("utf8")).data?.sent_at;
        if (typeof sentAt === "number") stats.latencies.push({ at: sentAt, ms: at - sentAt });
      } catch {
        // reference runs post arbitrary bodies
      }
    }
    res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
    res.end("ok");
  });
});
server.keepAliveTimeout = 60_000;
server.maxRequestsPerSocket = 0;

process.on("message", (msg: { cmd: string }) => {
  if (msg.cmd === "stats") process.send?.({ type: "stats", stats });
  if (msg.cmd === "reset") {
    stats = fresh();
    seen.clear();
    process.send?.({ type: "reset" });
  }
});

server.listen(0, "127.0.0.1", () => {
  process.send?.({ type: "ready", port: (server.address() as AddressInfo).port });
});
