import {
  prepareRun,
  type RunFixture,
  runSize,
  settleLedger,
  type Stack,
  startPublisher,
  startStack,
  statusCounts,
} from "../src/index.ts";

// Postgres stopped and started again mid-run. While it is down the API must
// answer 503 (with Retry-After), quickly: not 500, not a hang. The worker's
// writes fail and are retried; every event that got a 202 is delivered.
let stack: Stack;
let run: RunFixture;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  stack = await startStack();
  await stack.startApi();
  run = await prepareRun(stack, { delayMs: 20 });
});
afterAll(async () => {
  await run?.close();
  await stack?.destroy();
});

it("answers 503 while Postgres is down, recovers, and delivers every accepted event", async () => {
  const worker = await stack.startWorker();
  // Requests slower than 8 s count as "timeout": a hang is a failure here.
  const publisher = startPublisher({
    apiUrl: stack.apiUrl,
    auth: run.tenantAuth,
    prefix: "pg",
    type: "fault.pg",
    count: runSize.events,
    perSecond: runSize.perSecond,
    requestTimeoutMs: 8_000,
  });
  await sleep((runSize.events / runSize.perSecond) * 333);
  await stack.pg.stop();
  const downAt = Date.now();
  await sleep(4000);
  const api = stack.processes.find((p) => p.role === "api")!;
  if (api.child.exitCode !== null) console.log(`the API died:\n${api.output().slice(-3000)}`);
  expect(api.child.exitCode).toBeNull();
  const probe = await fetch(`${stack.apiUrl}/api/v1/events`, {
    method: "POST",
    headers: { authorization: run.tenantAuth, "content-type": "application/json" },
    body: JSON.stringify({ type: "fault.pg", data: {} }),
  });
  expect(probe.status).toBe(503);
  expect(probe.headers.get("retry-after")).toBe("5");
  expect(((await probe.json()) as { error: { code: string } }).error.code).toBe("service_unavailable");
  // Publishes that ended before the restart began saw Postgres down; those after it came up may be accepted.
  const restartAt = Date.now();
  await stack.pg.start();
  const upAt = Date.now();
  await publisher.done;

  const statuses = statusCounts(publisher.results);
  const whileDown = publisher.results.filter(
    (r) => r.startedAt > downAt + 500 && r.startedAt + r.durationMs < restartAt,
  );
  const slowest = Math.max(...publisher.results.map((r) => r.durationMs));
  const serverErrors = stack.processes
    .flatMap((p) => p.output().split("\n"))
    .filter((line) => line.includes("request failed"));
  if (serverErrors.length) console.log(`API 5xx log lines:\n${serverErrors.slice(0, 3).join("\n")}`);
  // Only 202 and 503: no 500, no timeout, no dropped connection.
  expect(Object.keys(statuses).sort()).toEqual(["202", "503"]);
  expect(whileDown.length).toBeGreaterThan(50);
  expect(whileDown.every((r) => r.status === 503)).toBe(true);
  expect(slowest).toBeLessThan(8_000);
  // It recovers: the publishes after the restart are accepted again.
  const afterRestart = publisher.results.filter((r) => r.startedAt > upAt + 2000);
  expect(statusCounts(afterRestart)).toEqual({ "202": afterRestart.length });

  const ledgers = await settleLedger("Postgres restart", run, publisher.accepted, {
    publishes: statuses,
    answeredWhileDown: whileDown.length,
    slowestPublishMs: slowest,
    databaseUrl: stack.databaseUrl,
  });
  for (const l of ledgers) {
    expect(l).toMatchObject({ accepted: statuses["202"], delivered: statuses["202"], missing: 0 });
    // An event answered 503 may still have committed just before the stop; it is delivered too, never lost.
    expect(l.unacknowledged).toBeLessThanOrEqual(20);
    expect(l.duplicated).toBeLessThanOrEqual(20);
  }
  // Every delivery settled as a success in Postgres: none pending, none failed.
  expect(Object.keys(ledgers.statuses)).toEqual(["success"]);
  expect(run.bystander.requests.length).toBe(0);
  // Neither process died of the outage (pg's client 'error' events once crashed both).
  expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
});
