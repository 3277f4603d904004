import { dumpDatabase, dumpRedis, findSecrets, type HeraldProcess } from "@herald/testkit";
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

// Two workers; one is SIGKILLed mid-flight three times and restarted each
// time. The sweeper is parked (10 min), so what brings the killed worker's
// active jobs back is BullMQ's stalled-job recovery alone.
let stack: Stack;
let run: RunFixture;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { HERALD_SWEEP_INTERVAL_MS: "600000" }, logLevel: "debug" });
  await stack.startApi();
  run = await prepareRun(stack, { delayMs: 40 });
});
afterAll(async () => {
  await run?.close();
  await stack?.destroy();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

it("delivers every accepted event to every endpoint through three SIGKILLs of a worker", async () => {
  const steady = await stack.startWorker();
  let victim: HeraldProcess = await stack.startWorker();
  const publisher = startPublisher({
    apiUrl: stack.apiUrl,
    auth: run.tenantAuth,
    prefix: "kill",
    type: "fault.kill",
    count: runSize.events,
    perSecond: runSize.perSecond,
  });
  const publishMs = (runSize.events / runSize.perSecond) * 1000;
  const kills = 3;
  for (let k = 1; k <= kills; k++) {
    await sleep(publishMs / (kills + 1));
    const before = run.receivers.reduce((n, r) => n + r.requests.length, 0);
    victim.child.kill("SIGKILL");
    expect(await victim.exited).toBeNull();
    console.log(`kill ${k}: receivers had ${before} requests`);
    victim = await stack.startWorker();
  }
  await publisher.done;
  const statuses = statusCounts(publisher.results);
  expect(statuses).toEqual({ "202": runSize.events });

  const ledgers = await settleLedger("worker SIGKILL x3", run, publisher.accepted, {
    publishes: statuses,
    kills,
    databaseUrl: stack.databaseUrl,
  });
  for (const l of ledgers) {
    expect(l).toMatchObject({ accepted: runSize.events, delivered: runSize.events, missing: 0, unacknowledged: 0 });
    // A resend happens only for what the killed worker had in flight: at most its concurrency per kill.
    expect(l.duplicated).toBeLessThanOrEqual(kills * 20);
  }
  // Every delivery settled as a success in Postgres: none pending, none failed.
  expect(Object.keys(ledgers.statuses)).toEqual(["success"]);
  expect(run.bystander.requests.length).toBe(0);
  expect(steady.child.exitCode).toBeNull();
});

it("leaves no secret in the processes' logs, in Redis or in clear in the database", async () => {
  const secrets = [stack.adminKey, stack.encryptionKey, ...run.secrets];
  const places = {
    logs: stack.processes.map((p) => p.output()).join("\n"),
    redis: await dumpRedis(stack.redis.url),
    database: await dumpDatabase(stack.databaseUrl),
  };
  // The scan can fail: each place really holds this run's traffic.
  expect(places.logs).toContain("Herald worker started");
  expect(places.logs).toContain('"message":"delivered"');
  expect(places.redis).toContain(stack.queuePrefix);
  expect(places.database).toContain("kill-0");
  expect(secrets.every((s) => s.length >= 16)).toBe(true);
  const found = findSecrets(secrets, places);
  console.log(
    `secrets scan: ${secrets.length} secrets over ${Object.values(places).map((t) => t.length)} chars of logs/redis/database; found ${found.length}`,
  );
  expect(found).toEqual([]);
});
