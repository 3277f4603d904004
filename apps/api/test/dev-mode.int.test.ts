import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { Redis } from "ioredis";
import { freePort, type Receiver, startReceiver } from "@herald/testkit";
import { type ShellProcess, startShell } from "./helpers/shell-process.ts";
import { TEST_REDIS_URL } from "./helpers/test-app.ts";

// `npm run dev`, run as a developer runs it (the real command: npm, scripts/start.ts, the migration, the
// API and a worker) on a free port with its own database and Redis key prefix: one loud line says what
// it allows, the API says where to go, and a receiver on loopback over http gets its deliveries.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const adminKey = "dev-mode-test-admin-key-0123456789";
let database: TestDatabase;
let receiver: Receiver;
let herald: ShellProcess;
let origin: string;
let prefix: string;

beforeAll(async () => {
  database = await createTestDatabase("dev-mode");
  receiver = await startReceiver();
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  prefix = `herald-test-dev-mode-${port}`;
  herald = startShell("npm run dev", {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      HERALD_QUEUE_PREFIX: prefix,
      PORT: String(port),
      HOST: "127.0.0.1",
      HERALD_ADMIN_KEY: adminKey,
    },
  });
  await herald.waitFor("Herald API listening", 120_000);
  await herald.waitFor("Herald worker started", 120_000);
  // The API logs where to go right after it listens, the metrics line last; the worker may have started first.
  await herald.waitFor("metrics: ", 30_000);
}, 240_000);
afterAll(async () => {
  await herald?.stop();
  await receiver?.close();
  await database?.drop();
  const redis = new Redis(TEST_REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

it("prints one loud line saying that http and private targets are allowed", () => {
  const warnings = herald
    .output()
    .split("\n")
    .filter((line) => line.includes("DEV MODE"));
  expect(warnings).toEqual([
    "herald: !!! DEV MODE (npm run dev): webhooks may target http:// and private or loopback addresses " +
      "(HERALD_ALLOW_HTTP=true, HERALD_ALLOW_PRIVATE_TARGETS=true); the API listens on HOST=127.0.0.1; " +
      "never run it where others can reach it !!!",
  ]);
});

it("says where the console, the API reference, the queue dashboard and the metrics are, and each answers", async () => {
  const printed = [
    `console: ${origin}/console`,
    `API reference: ${origin}/docs`,
    `queue dashboard: ${origin}/admin/queues`,
    `metrics: ${origin}/metrics`,
  ];
  expect(printed.filter((line) => herald.output().includes(line))).toEqual(printed);
  const statuses = [];
  for (const url of [`${origin}/console`, `${origin}/docs`, `${origin}/admin/queues`, `${origin}/metrics`]) {
    statuses.push([url, (await fetch(url, { headers: { authorization: `Bearer ${adminKey}` } })).status]);
  }
  expect(statuses).toEqual([
    [`${origin}/console`, 200],
    [`${origin}/docs`, 200],
    [`${origin}/admin/queues`, 200],
    [`${origin}/metrics`, 200],
  ]);
});

it("accepts a webhook on an http loopback receiver and delivers to it", async () => {
  const headers = { authorization: `Bearer ${adminKey}`, "content-type": "application/json" };
  const created = await fetch(`${origin}/api/v1/webhooks`, {
    method: "POST",
    headers,
    body: JSON.stringify({ url: `${receiver.url}/dev`, events: ["dev.tested"] }),
  });
  expect(created.status).toBe(201);
  const published = await fetch(`${origin}/api/v1/events`, {
    method: "POST",
    headers,
    body: JSON.stringify({ type: "dev.tested", data: { n: 1 } }),
  });
  expect(await published.json()).toEqual({ id: expect.any(String), deliveries: 1 });
  const [request] = await receiver.waitForRequests(1, 60_000);
  expect([request!.path, JSON.parse(request!.body).data]).toEqual(["/dev", { n: 1 }]);
});
