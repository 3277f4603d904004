import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { eventually, freePort, type HeraldProcess, spawnHerald } from "@herald/testkit";
import { TEST_REDIS_URL } from "./helpers/test-app.ts";

// The real API process, at the most verbose log level: no request, whichever
// app under it answers (Bull Board is an Express app of its own) and however
// its code fails, ends the process. Each test proves it alive afterwards with
// a request that is answered.
const ADMIN_KEY = "uncaught-test-admin-key-0123456789";
const faults = pathToFileURL(
  path.join(path.dirname(fileURLToPath(import.meta.url)), "helpers/inject-response-faults.mjs"),
);

let database: TestDatabase;
let api: HeraldProcess | undefined;
let base: string;

beforeAll(async () => {
  database = await createTestDatabase("uncaught-errors");
});
afterEach(async () => {
  await api?.stop("SIGKILL");
  api = undefined;
});
afterAll(() => database?.drop());

async function startApi(extra: Record<string, string> = {}): Promise<void> {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  api = await spawnHerald("api", {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    HERALD_QUEUE_PREFIX: `uncaught-${port}`,
    HERALD_ADMIN_KEY: ADMIN_KEY,
    LOG_LEVEL: "debug",
    PORT: String(port),
    HOST: "127.0.0.1",
    ...extra,
  });
}

/** The JSON log lines the process printed. */
function logLines(): Record<string, unknown>[] {
  return api!
    .output()
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function stillServing(): Promise<void> {
  const health = await fetch(`${base}/healthz`);
  expect([health.status, await health.json()]).toEqual([200, { status: "ok" }]);
  expect(api!.child.exitCode).toBeNull();
}

it("survives an authenticated Bull Board request at LOG_LEVEL=debug, and logs it with its request id", async () => {
  await startApi();
  const board = await fetch(`${base}/admin/queues`, {
    headers: {
      authorization: `Basic ${Buffer.from(`admin:${ADMIN_KEY}`).toString("base64")}`,
      "x-request-id": "board-request-1",
    },
  });
  expect(board.status).toBe(200);
  expect(await board.text()).toContain("<html");
  await stillServing();
  await eventually(async () => logLines().some((l) => l.requestId === "board-request-1"), {
    what: "the request logged",
  });
  expect(logLines().filter((l) => l.requestId === "board-request-1")).toEqual([
    expect.objectContaining({ level: "http", message: "request", method: "GET", path: "/admin/queues", status: 200 }),
  ]);
});

it("answers 500 to a request whose code fails outside Express's reach, logs it with the request id, and carries on", async () => {
  await startApi({ NODE_OPTIONS: `--import=${faults.href}` });
  const get = (fault: string) =>
    fetch(`${base}/healthz?fault=${fault}`, { headers: { "x-request-id": `fault-${fault}` } });

  // Answered before its finish hook threw: the answer stands.
  const finished = await get("finish-hook");
  expect([finished.status, await finished.json()]).toEqual([200, { status: "ok" }]);
  for (const fault of ["callback", "rejection"]) {
    const res = await get(fault);
    expect([res.status, await res.json()]).toEqual([
      500,
      {
        error: { code: "internal_error", message: "internal server error", details: [], request_id: `fault-${fault}` },
      },
    ]);
  }
  await stillServing();
  await eventually(async () => logLines().filter((l) => l.message === "uncaught error in a request").length === 3, {
    what: "three uncaught errors logged",
  });
  expect(
    logLines()
      .filter((l) => l.message === "uncaught error in a request")
      .map((l) => [l.requestId, (l.error as { message: string }).message]),
  ).toEqual([
    ["fault-finish-hook", "injected fault in a finish hook"],
    ["fault-callback", "injected fault in a callback"],
    ["fault-rejection", "injected unhandled rejection"],
  ]);
});
