import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { freePort, spawnHerald } from "@herald/testkit";

// A worker started while its Redis or Postgres is down says so in one line
// (the URL, its password masked) and exits 1, instead of logging every
// reconnect attempt or failing query. A closed port is a server that is down.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase("servers-down-at-start");
});
afterAll(async () => {
  await database?.drop();
});

/** The worker's output when it exits before starting, as the test expects; its output after "started: " otherwise. */
async function failureOf(env: Record<string, string>): Promise<string> {
  return spawnHerald("worker", env, { startTimeoutMs: 90_000 }).then(
    async (worker) => {
      await worker.stop("SIGKILL");
      return `started: ${worker.output()}`;
    },
    (err: Error) => err.message,
  );
}

it("exits 1 with one line naming the unreachable Redis", async () => {
  const port = await freePort();
  const failure = await failureOf({
    DATABASE_URL: database.url,
    REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`,
    HERALD_QUEUE_PREFIX: `down-at-start-${port}`,
  });
  expect(failure).toMatch(/^worker exited \(1\) before starting/);
  const mentions = failure.split("\n").filter((line) => line.includes(`127.0.0.1:${port}`));
  expect(mentions).toEqual([
    `herald: Redis redis://:***@127.0.0.1:${port} is not reachable (connect ECONNREFUSED 127.0.0.1:${port}): start it, or set REDIS_URL`,
  ]);
  expect(failure).not.toContain("hunter2");
});

it("exits 1 with one line naming the unreachable Postgres", async () => {
  const port = await freePort();
  const failure = await failureOf({
    DATABASE_URL: `postgresql://postgres:hunter2@127.0.0.1:${port}/herald`,
    HERALD_QUEUE_PREFIX: `down-at-start-${port}`,
  });
  expect(failure).toMatch(/^worker exited \(1\) before starting/);
  const mentions = failure.split("\n").filter((line) => line.includes(`127.0.0.1:${port}`));
  expect(mentions).toEqual([
    `herald: Postgres is not reachable at postgresql://postgres:***@127.0.0.1:${port}/herald ` +
      `(connect ECONNREFUSED 127.0.0.1:${port}): start it, or set DATABASE_URL`,
  ]);
  expect(failure).not.toContain("hunter2");
});
