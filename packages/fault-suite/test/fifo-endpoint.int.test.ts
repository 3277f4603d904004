import http from "node:http";
import type { AddressInfo } from "node:net";
import { waitUntil } from "@herald/testkit";
import { printLedger, startLedgerReceiver, startPublisher, startStack, statusCounts } from "../src/index.ts";

// A FIFO endpoint through two workers, a worker SIGKILL and a Redis restart
// (without persistence: every job and every line key is lost, the sweeper
// rebuilds the jobs from Postgres): it must receive every accepted event, in
// the order they were accepted, with the first three answers failing; an
// unordered endpoint beside it must not wait for the line.
const EVENTS = Number(process.env.HERALD_FAULT_FIFO_EVENTS ?? 200);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records every arrival (event id) in order; the first `failFirst` answers are 500s. */
async function startLineReceiver({ failFirst }: { failFirst: number }) {
  const arrivals: Array<{ id: string; at: number }> = [];
  let failuresLeft = failFirst;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      arrivals.push({ id: (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { id: string }).id, at: Date.now() });
      const fail = failuresLeft > 0;
      if (fail) failuresLeft--;
      setTimeout(() => res.writeHead(fail ? 500 : 200).end(), 5);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/line`,
    arrivals,
    /** Each event at its first arrival, in arrival order. */
    firstArrivals: () => [...new Map(arrivals.map((a) => [a.id, a])).values()].sort((a, b) => a.at - b.at).map((a) => a.id),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("FIFO endpoint under faults", () => {
  it("receives every accepted event strictly in acceptance order through two workers, a worker SIGKILL and a Redis restart", async () => {
    const stack = await startStack();
    const line = await startLineReceiver({ failFirst: 3 });
    const beside = await startLedgerReceiver({ name: "beside", delayMs: 5 });
    try {
      await stack.startApi();
      await stack.call("POST", "/webhooks", { url: line.url, events: ["fifo.*"], ordering: "fifo" }, 201);
      await stack.call("POST", "/webhooks", { url: beside.url, events: ["fifo.*"] }, 201);
      const [first] = await Promise.all([stack.startWorker(), stack.startWorker()]);
      // One publish at a time: each is accepted (202) before the next is sent, so acceptance order is publish order.
      const publisher = startPublisher({ apiUrl: stack.apiUrl, auth: `Bearer ${stack.adminKey}`, prefix: "fifo", type: "fifo.step", count: EVENTS, perSecond: 40, concurrency: 1 });
      await waitUntil(async () => publisher.progress() >= EVENTS / 3, { timeoutMs: 60_000, what: "a third published" });
      await first!.stop("SIGKILL");
      await waitUntil(async () => publisher.progress() >= (2 * EVENTS) / 3, { timeoutMs: 60_000, what: "two thirds published" });
      await stack.redis.stop();
      await sleep(2000);
      await stack.redis.start();
      await publisher.done;
      expect(statusCounts(publisher.results)).toEqual({ "202": EVENTS });
      const accepted = [...publisher.results].sort((a, b) => a.startedAt - b.startedAt).map((r) => r.eventId);

      // When each endpoint had every event (polled together, so the two times compare).
      const doneAt: { line?: number; beside?: number } = {};
      await waitUntil(
        async () => {
          if (doneAt.beside === undefined && beside.byEvent.size === EVENTS) doneAt.beside = Date.now();
          if (doneAt.line === undefined && new Set(line.arrivals.map((a) => a.id)).size === EVENTS) doneAt.line = Date.now();
          return doneAt.line !== undefined && doneAt.beside !== undefined;
        },
        { timeoutMs: 120_000, intervalMs: 100, what: "every event at both endpoints" },
      ).catch(() => undefined);
      const duplicates = line.arrivals.length - 3 - new Set(line.arrivals.map((a) => a.id)).size;
      printLedger("FIFO endpoint", [], { accepted: EVENTS, fifoDistinct: new Set(line.arrivals.map((a) => a.id)).size, fifoArrivals: line.arrivals.length, fifoDuplicates: duplicates, unorderedDistinct: beside.byEvent.size, fifoDoneAfterUnorderedMs: (doneAt.line ?? NaN) - (doneAt.beside ?? NaN) });
      expect(line.firstArrivals()).toEqual(accepted);
      // The head was answered 500 three times, then the line went on.
      expect(line.arrivals.slice(0, 4).map((a) => a.id)).toEqual([accepted[0], accepted[0], accepted[0], accepted[0]]);
      // Only a send under way when its worker died or Redis lost its job is repeated.
      expect(duplicates).toBeLessThanOrEqual(3);
      expect(beside.byEvent.size).toBe(EVENTS);
      // The unordered endpoint was not held behind the line: it had everything first.
      expect(doneAt.beside).toBeLessThanOrEqual(doneAt.line!);
    } finally {
      await Promise.all([line.close(), beside.close()]);
      await stack.destroy();
    }
  });
});
