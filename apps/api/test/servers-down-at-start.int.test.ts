import net from "node:net";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { freePort, type HeraldProcess, spawnHerald, eventually } from "@herald/testkit";

// The API started while Redis is down still starts (publishes go to Postgres
// and the sweeper enqueues them later) and says so in one line with the URL,
// its password masked, however often it tries to reconnect. The "Redis" here
// takes each connection and drops it, so the attempts can be counted. Without
// Postgres it cannot serve anything: one line, exit 1.
let database: TestDatabase;
let dropper: net.Server;
let attempts = 0;
let api: HeraldProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase("api-redis-at-start");
  dropper = net.createServer((socket) => {
    attempts++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => dropper.listen(0, "127.0.0.1", resolve));
});
afterAll(async () => {
  await api?.stop("SIGKILL");
  await new Promise((resolve) => dropper?.close(resolve));
  await database?.drop();
});

it("starts, and reports the unreachable Redis once across its reconnect attempts", async () => {
  const { port } = dropper.address() as net.AddressInfo;
  api = await spawnHerald("api", {
    DATABASE_URL: database.url,
    REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`,
    HERALD_QUEUE_PREFIX: `api-redis-at-start-${port}`,
    HERALD_ADMIN_KEY: "test-admin-key-0123456789",
    PORT: String(await freePort()),
    HOST: "127.0.0.1",
  });
  await eventually(async () => attempts >= 4, { timeoutMs: 60_000, what: "four reconnect attempts" });
  const mentions = api
    .output()
    .split("\n")
    .filter((line) => line.includes(`127.0.0.1:${port}`));
  expect(mentions).toHaveLength(1);
  expect(mentions[0]).toContain(`redis://:***@127.0.0.1:${port}`);
  expect(api.output()).not.toContain("hunter2");
});

it("exits 1 with one line naming the unreachable Postgres", async () => {
  const port = await freePort();
  const failure = await spawnHerald("api", {
    DATABASE_URL: `postgresql://postgres:hunter2@127.0.0.1:${port}/herald`,
    HERALD_ADMIN_KEY: "test-admin-key-0123456789",
    PORT: String(await freePort()),
    HOST: "127.0.0.1",
  }).then(
    async (started) => {
      await started.stop("SIGKILL");
      return `started: ${started.output()}`;
    },
    (err: Error) => err.message,
  );
  expect(failure).toMatch(/^api exited \(1\) before starting/);
  const mentions = failure.split("\n").filter((line) => line.includes(`127.0.0.1:${port}`));
  expect(mentions).toEqual([
    `herald: Postgres is not reachable at postgresql://postgres:***@127.0.0.1:${port}/herald ` +
      `(connect ECONNREFUSED 127.0.0.1:${port}): start it, or set DATABASE_URL`,
  ]);
  expect(failure).not.toContain("hunter2");
});
