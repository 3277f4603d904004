import { eventually, type ReceivedRequest, startReceiver } from "@herald/testkit";
import { printLedger, startPublisher, startStack, statusCounts } from "../src/index.ts";

// A FIFO endpoint through two workers, a worker SIGKILL and a Redis restart
// (without persistence: every job and every line key is lost, the sweeper
// rebuilds the jobs from Postgres): it must receive every accepted event, in
// the order they were accepted, with the first three answers failing; an
// unordered endpoint beside it must not wait for the line.
const EVENTS = Number(process.env.HERALD_FAULT_FIFO_EVENTS ?? 200);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const idOf = (r: ReceivedRequest) => (JSON.parse(r.body) as { id: string }).id;

/** Each event once, ordered by its latest arrival (so a late repeat shows as out of order). */
const inArrivalOrder = (requests: ReceivedRequest[]) =>
  [...new Map(requests.map((r) => [idOf(r), r])).values()].sort((a, b) => a.receivedAt - b.receivedAt).map(idOf);

describe("FIFO endpoint under faults", () => {
  it("receives every accepted event strictly in acceptance order through two workers, a worker SIGKILL and a Redis restart", async () => {
    const stack = await startStack();
    // The first three answers are 500s.
    const line = await startReceiver((_, index) => ({ status: index < 3 ? 500 : 200, delayMs: 5 }), { name: "line" });
    const beside = await startReceiver(() => ({ delayMs: 5 }), { name: "beside" });
    try {
      await stack.startApi();
      await stack.call("POST", "/webhooks", { url: line.url, events: ["fifo.*"], ordering: "fifo" }, 201);
      await stack.call("POST", "/webhooks", { url: beside.url, events: ["fifo.*"] }, 201);
      const [first] = await Promise.all([stack.startWorker(), stack.startWorker()]);
      // One publish at a time: each is accepted (202) before the next is sent, so acceptance order is publish order.
      const publisher = startPublisher({
        apiUrl: stack.apiUrl,
        auth: `Bearer ${stack.adminKey}`,
        prefix: "fifo",
        type: "fifo.step",
        count: EVENTS,
        perSecond: 40,
        concurrency: 1,
      });
      await eventually(async () => publisher.progress() >= EVENTS / 3, {
        timeoutMs: 60_000,
        what: "a third published",
      });
      await first!.stop("SIGKILL");
      await eventually(async () => publisher.progress() >= (2 * EVENTS) / 3, {
        timeoutMs: 60_000,
        what: "two thirds published",
      });
      await stack.redis.stop();
      await sleep(2000);
      await stack.redis.start();
      await publisher.done;
      expect(statusCounts(publisher.results)).toEqual({ "202": EVENTS });
      const accepted = [...publisher.results].sort((a, b) => a.startedAt - b.startedAt).map((r) => r.eventId);

      // When each endpoint had every event (polled together, so the two times compare).
      const doneAt: { line?: number; beside?: number } = {};
      await eventually(
        async () => {
          if (doneAt.beside === undefined && beside.byEvent.size === EVENTS) doneAt.beside = Date.now();
          if (doneAt.line === undefined && new Set(line.requests.map(idOf)).size === EVENTS) doneAt.line = Date.now();
          return doneAt.line !== undefined && doneAt.beside !== undefined;
        },
        { timeoutMs: 120_000, intervalMs: 100, what: "every event at both endpoints" },
      ).catch(() => undefined);
      const duplicates = line.requests.length - 3 - new Set(line.requests.map(idOf)).size;
      printLedger("FIFO endpoint", [], {
        accepted: EVENTS,
        fifoDistinct: new Set(line.requests.map(idOf)).size,
        fifoArrivals: line.requests.length,
        fifoDuplicates: duplicates,
        unorderedDistinct: beside.byEvent.size,
        fifoDoneAfterUnorderedMs: (doneAt.line ?? NaN) - (doneAt.beside ?? NaN),
      });
      expect(inArrivalOrder(line.requests)).toEqual(accepted);
      // The head was answered 500 three times, then the line went on.
      expect(line.requests.slice(0, 4).map(idOf)).toEqual([accepted[0], accepted[0], accepted[0], accepted[0]]);
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
