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

// The API SIGKILLed twice mid-ingest and started again on the same port.
// Every event that got a 202 was committed with its deliveries before the
// answer, so it is delivered even when the API died before enqueueing its
// jobs (the sweeper rebuilds them). Requests cut off by the kill are not
// accepted; if their transaction had committed they are delivered too.
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

it("delivers every event that got a 202 through two SIGKILLs of the API", async () => {
  const worker = await stack.startWorker();
  const concurrency = 16;
  const publisher = startPublisher({
    apiUrl: stack.apiUrl,
    auth: run.tenantAuth,
    prefix: "api",
    type: "fault.api",
    count: runSize.events,
    perSecond: runSize.perSecond,
    concurrency,
  });
  const publishMs = (runSize.events / runSize.perSecond) * 1000;
  // When an API was up: from its start (the test's first, then each restart) to the next kill.
  const up: Array<{ from: number; to: number }> = [];
  let upSince = 0;
  for (let k = 0; k < 2; k++) {
    await sleep(publishMs / 4);
    const api = stack.processes.filter((p) => p.role === "api").pop()!;
    up.push({ from: upSince, to: Date.now() });
    api.child.kill("SIGKILL");
    expect(await api.exited).toBeNull();
    await sleep(500);
    await stack.startApi();
    upSince = Date.now();
  }
  up.push({ from: upSince, to: Infinity });
  await publisher.done;
  const statuses = statusCounts(publisher.results);
  // While the API is dead publishes fail to connect; nothing else but 202 is answered.
  expect(Object.keys(statuses).filter((s) => s !== "202" && s !== "refused" && s !== "error")).toEqual([]);
  // Restarting the API takes a few seconds; publishes keep coming meanwhile and fail to connect.
  expect(statuses["202"]).toBeGreaterThan(100);
  expect(runSize.events - statuses["202"]!).toBeGreaterThan(0);
  // What a publisher relies on: a publish made while the API was up is accepted (the refusals are the kills' alone).
  const whileUp = publisher.results.filter((r) =>
    up.some((w) => r.startedAt >= w.from && r.startedAt + r.durationMs < w.to),
  );
  expect(whileUp.filter((r) => r.status !== 202)).toEqual([]);
  expect(whileUp.length).toBeGreaterThanOrEqual(runSize.events / 4);

  const ledgers = await settleLedger("API SIGKILL x2", run, publisher.accepted, {
    publishes: statuses,
    databaseUrl: stack.databaseUrl,
  });
  for (const l of ledgers) {
    expect(l).toMatchObject({ accepted: statuses["202"], delivered: statuses["202"], missing: 0, duplicated: 0 });
    // Committed but unanswered: at most what was in flight at each kill.
    expect(l.unacknowledged).toBeLessThanOrEqual(2 * concurrency);
  }
  // Every delivery settled as a success in Postgres: none pending, none failed.
  expect(Object.keys(ledgers.statuses)).toEqual(["success"]);
  expect(run.bystander.requests.length).toBe(0);
  expect(worker.child.exitCode).toBeNull();
});
