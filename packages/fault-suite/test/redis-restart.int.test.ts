import { prepareRun, runSize, settleLedger, startPublisher, startStack, statusCounts } from "../src/index.ts";

// Redis stopped and started again on the same port mid-run. With the
// append-only file the queue survives; without it every job is gone and the
// workers' sweeper must rebuild them from Postgres. Either way the API keeps
// answering 202 (Postgres is the outbox) and the worker reconnects by itself.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  ["without persistence", false],
  ["with persistence", true],
])("Redis restart %s", (label, persistence) => {
  it("delivers every accepted event to every endpoint; the same worker carries on", async () => {
    const stack = await startStack({ redisPersistence: persistence });
    const run = await (async () => {
      await stack.startApi();
      return prepareRun(stack, { delayMs: 20 });
    })();
    try {
      const worker = await stack.startWorker();
      const publisher = startPublisher({
        apiUrl: stack.apiUrl,
        auth: run.tenantAuth,
        prefix: "redis",
        type: "fault.redis",
        count: runSize.events,
        perSecond: runSize.perSecond,
      });
      await sleep((runSize.events / runSize.perSecond) * 333);
      await stack.redis.stop();
      const downAt = publisher.progress();
      await sleep(3000);
      await stack.redis.start();
      const upAt = publisher.progress();
      await publisher.done;
      const statuses = statusCounts(publisher.results);
      // Postgres is the outbox: publishing never depends on Redis.
      expect(statuses).toEqual({ "202": runSize.events });

      const ledgers = await settleLedger(`Redis restart ${label}`, run, publisher.accepted, {
        publishes: statuses,
        publishedWhileDown: upAt - downAt,
        databaseUrl: stack.databaseUrl,
      });
      expect(upAt - downAt).toBeGreaterThan(0);
      for (const l of ledgers) {
        expect(l).toMatchObject({ accepted: runSize.events, delivered: runSize.events, missing: 0, unacknowledged: 0 });
        // Only a POST in flight across the outage can be resent (its lock or job vanished): at most the worker's concurrency.
        expect(l.duplicated).toBeLessThanOrEqual(20);
      }
      // Every delivery settled as a success in Postgres: none pending, none failed.
      expect(Object.keys(ledgers.statuses)).toEqual(["success"]);
      expect(run.bystander.requests.length).toBe(0);
      expect(worker.child.exitCode).toBeNull();
      if (!persistence) expect(worker.output()).toContain("sweeper re-enqueued deliveries without a job");
    } finally {
      await run.close();
      await stack.destroy();
    }
  });
});
