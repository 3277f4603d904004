import http from "node:http";
import type { AddressInfo } from "node:net";

export interface LedgerReceiver {
  name: string;
  url: string;
  /** Event id (the body's `id`) → how many POSTs carried it. */
  byEvent: Map<string, number>;
  /** webhook-id header (the delivery id) → how many POSTs carried it. */
  byDelivery: Map<string, number>;
  requests(): number;
  close(): Promise<void>;
}

/**
 * A real endpoint on loopback that keeps a ledger of what it received and
 * answers 200 after `delayMs` (so deliveries are in flight when a fault hits).
 */
export async function startLedgerReceiver({ name, delayMs = 0 }: { name: string; delayMs?: number }): Promise<LedgerReceiver> {
  const byEvent = new Map<string, number>();
  const byDelivery = new Map<string, number>();
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      count++;
      let eventId = "unparseable";
      try {
        eventId = String((JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id?: unknown }).id);
      } catch {
        // Counted under "unparseable": a ledger check then fails loudly.
      }
      const deliveryId = String(req.headers["webhook-id"]);
      byEvent.set(eventId, (byEvent.get(eventId) ?? 0) + 1);
      byDelivery.set(deliveryId, (byDelivery.get(deliveryId) ?? 0) + 1);
      setTimeout(() => res.end("ok"), delayMs);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    name,
    url: `http://127.0.0.1:${port}/${name}`,
    byEvent,
    byDelivery,
    requests: () => count,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
