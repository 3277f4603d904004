import { Redis } from "ioredis";
import {
  freePort,
  type HeraldProcess,
  spawnHerald,
  startRedisSentinel,
  type ThrowawayRedisSentinel,
} from "@herald/testkit";
import {
  HEALTHY,
  prepareRun,
  runSize,
  settleLedger,
  type Stack,
  stackHealth,
  startPublisher,
  startStack,
  statusCounts,
} from "../src/index.ts";

// Herald through Redis Sentinel on loopback: one primary, one replica, three
// Sentinels (quorum 2); the API and two workers find the primary through the
// Sentinels. Mid-run the primary is SIGKILLed and the Sentinels promote the
// replica. Replication is asynchronous and the API cannot enqueue while there
// is no primary, so jobs go missing; Postgres holds every accepted event and
// delivery, and the workers' sweeper re-enqueues the ones without a job.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let sentinel: ThrowawayRedisSentinel;
let stack: Stack;

beforeAll(async () => {
  sentinel = await startRedisSentinel();
  stack = await startStack({ sentinel: { nodes: sentinel.sentinelsVariable, name: sentinel.name } });
});
afterAll(async () => {
  await stack?.destroy();
  await sentinel?.destroy();
});

/** Keys under the stack's queue prefix on the Redis at `url`. */
async function queueKeys(url: string, prefix: string): Promise<number> {
  const node = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return (await node.keys(`${prefix}:*`)).length;
  } finally {
    node.disconnect();
  }
}

/** Deliveries the workers' sweepers re-enqueued (their log lines carry the count). */
function sweptDeliveries(workers: HeraldProcess[]): number {
  const counts = workers.flatMap((w) =>
    w
      .output()
      .split("\n")
      .filter((line) => line.includes("sweeper re-enqueued deliveries without a job"))
      .map((line) => Number((JSON.parse(line) as { count?: number }).count ?? 0)),
  );
  return counts.reduce((a, b) => a + b, 0);
}

it("delivers every accepted event through the primary's SIGKILL and the replica's promotion", async () => {
  const api = await stack.startApi();
  expect(await stackHealth(stack, [api])).toEqual(HEALTHY);
  const run = await prepareRun(stack, { delayMs: 20 });
  try {
    const workers = [await stack.startWorker(), await stack.startWorker()];
    const publisher = startPublisher({
      apiUrl: stack.apiUrl,
      auth: run.tenantAuth,
      prefix: "sentinel",
      type: "fault.sentinel",
      count: runSize.events,
      perSecond: runSize.perSecond,
    });
    await sleep((runSize.events / runSize.perSecond) * 333);

    // The jobs are on the primary the Sentinels name; REDIS_URL's host (the stack's own Redis) is not used.
    expect(await sentinel.primaryPort()).toBe(sentinel.primary.port);
    expect(await queueKeys(sentinel.primary.url, stack.queuePrefix)).toBeGreaterThan(0);
    expect(await queueKeys(stack.redis.url, stack.queuePrefix)).toBe(0);

    await sentinel.kill(sentinel.primary.port);
    const killedAt = publisher.progress();
    const { newPrimaryPort } = await sentinel.waitForFailover(sentinel.primary.port, { timeoutMs: 60_000 });
    const promotedAt = publisher.progress();
    console.log(
      `primary ${sentinel.primary.port} killed after ${killedAt} publishes; replica ${newPrimaryPort} promoted after ${promotedAt}`,
    );
    // The failover happened: the old replica is now the primary, as the Sentinels and the node itself say.
    expect(newPrimaryPort).toBe(sentinel.replica.port);
    expect(await sentinel.roleOf(sentinel.replica.port)).toBe("master");
    await publisher.done;
    const statuses = statusCounts(publisher.results);
    // Postgres is the outbox: publishing never waits for Redis, failover or not.
    expect(statuses).toEqual({ "202": runSize.events });

    const ledgers = await settleLedger("Redis Sentinel primary SIGKILL", run, publisher.accepted, {
      publishes: statuses,
      publishedWithoutPrimary: promotedAt - killedAt,
      killedPrimary: sentinel.primary.port,
      newPrimary: newPrimaryPort,
      databaseUrl: stack.databaseUrl,
    });
    for (const l of ledgers) {
      expect(l).toMatchObject({ accepted: runSize.events, delivered: runSize.events, missing: 0, unacknowledged: 0 });
      // Only a POST in flight while its job's lock was on the dead primary can be resent: at most both workers' concurrency.
      expect(l.duplicated).toBeLessThanOrEqual(2 * 20);
    }
    expect(Object.keys(ledgers.statuses)).toEqual(["success"]);
    expect(run.bystander.requests.length).toBe(0);
    const swept = sweptDeliveries(workers);
    console.log(`the workers' sweepers re-enqueued ${swept} deliveries without a job`);
    // Publishes went on while there was no primary, so the API left their jobs to the sweeper, which made them.
    expect(promotedAt - killedAt).toBeGreaterThan(0);
    expect(swept).toBeGreaterThan(0);
    // The promoted replica carries the queue now.
    expect(await queueKeys(sentinel.replica.url, stack.queuePrefix)).toBeGreaterThan(0);
    expect(await stackHealth(stack, [api, ...workers])).toEqual(HEALTHY);
  } finally {
    await run.close();
  }
});

it("refuses to start, in one line, when no Sentinel answers or none knows the primary's name", async () => {
  const deadPorts = [await freePort(), await freePort()];
  const dead = deadPorts.map((port) => `127.0.0.1:${port}`).join(",");
  const cases = [
    {
      role: "worker",
      sentinels: sentinel.sentinelsVariable,
      name: "no-such-primary",
      says: /^127\.0\.0\.1:\d+ does not know no-such-primary; 127\.0\.0\.1:\d+ does not know no-such-primary; 127\.0\.0\.1:\d+ does not know no-such-primary$/,
    },
    {
      role: "api",
      sentinels: sentinel.sentinelsVariable,
      name: "no-such-primary",
      says: /does not know no-such-primary/,
    },
    {
      role: "worker",
      sentinels: dead,
      name: sentinel.name,
      says: new RegExp(
        `^127\\.0\\.0\\.1:${deadPorts[0]}: connect ECONNREFUSED .*; 127\\.0\\.0\\.1:${deadPorts[1]}: connect ECONNREFUSED`,
      ),
    },
  ] as const;
  const attempts = await Promise.all(
    cases.map(async (c) => {
      const env = {
        DATABASE_URL: stack.databaseUrl,
        REDIS_SENTINELS: c.sentinels,
        REDIS_SENTINEL_NAME: c.name,
        HERALD_QUEUE_PREFIX: stack.queuePrefix,
        PORT: String(await freePort()),
        HOST: "127.0.0.1",
      };
      // Start-up itself waits up to 15 s for a primary; the machine may be busy.
      const failure = await spawnHerald(c.role, env, { startTimeoutMs: 90_000 }).then(
        (p) => {
          void p.stop("SIGKILL");
          return null;
        },
        (err: Error) => err.message,
      );
      return { ...c, failure };
    }),
  );
  for (const { role, sentinels, name, says, failure } of attempts) {
    expect(failure).toMatch(new RegExp(`^${role} exited \\(1\\) before starting`));
    const lines = failure!.split("\n").filter((l) => l.startsWith("herald: "));
    expect(lines).toHaveLength(1);
    const prefix = `herald: Redis Sentinel ${name} via ${sentinels} is not usable: `;
    expect(lines[0]!.startsWith(prefix)).toBe(true);
    expect(lines[0]!.slice(prefix.length)).toMatch(says);
  }
});
