import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium, freePort } from "../src/index.ts";

// `npm test`'s preflight as a newcomer meets it: the real script, spawned,
// against real sockets. A closed port is a server that is not running.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const preflightModule = path.join(root, "packages/testkit/src/preflight.ts");

interface Run {
  code: number | null;
  lines: string[];
}

async function run(args: string[], env: Record<string, string>): Promise<Run> {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, lines: output.split("\n").filter(Boolean) };
}

const servers = () => ({
  HERALD_TEST_DATABASE_URL:
    process.env.HERALD_TEST_DATABASE_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres",
  HERALD_TEST_REDIS_URL: process.env.HERALD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
});
const browser = () => ({ CHROME_PATH: findChromium() ?? "" });

it("passes quietly when Postgres, Redis and the browser are there", async () => {
  const result = await run(["scripts/preflight.ts"], { PATH: process.env.PATH ?? "", ...servers(), ...browser() });
  expect(result).toEqual({ code: 0, lines: [] });
});

it("stops with one line naming the Redis URL (password masked) and how to start it", async () => {
  const port = await freePort();
  const result = await run(["scripts/preflight.ts"], {
    PATH: process.env.PATH ?? "",
    ...servers(),
    ...browser(),
    HERALD_TEST_REDIS_URL: `redis://:hunter2@127.0.0.1:${port}`,
  });
  expect(result.code).toBe(1);
  expect(result.lines).toHaveLength(1);
  expect(result.lines[0]).toMatch(
    new RegExp(
      `^preflight: Redis is not reachable at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port} ` +
        `\\(.*ECONNREFUSED.*\\): start it with "redis-server" .* or set HERALD_TEST_REDIS_URL$`,
    ),
  );
});

it("stops with one line naming the Postgres URL (password masked) and how to get it", async () => {
  const port = await freePort();
  const url = `postgresql://postgres:hunter2@127.0.0.1:${port}/postgres`;
  const result = await run(["scripts/preflight.ts"], {
    PATH: process.env.PATH ?? "",
    ...servers(),
    ...browser(),
    HERALD_TEST_DATABASE_URL: url,
  });
  expect(result.code).toBe(1);
  expect(result.lines).toHaveLength(1);
  expect(result.lines[0]).toContain(
    `preflight: Postgres is not reachable at postgresql://postgres:***@127.0.0.1:${port}/postgres`,
  );
  expect(result.lines[0]).toContain('"sudo apt-get install -y postgresql"');
  expect(result.lines[0]).not.toContain("hunter2");
});

it("stops with one line saying how to install the browser when PATH has none", async () => {
  // The machine's own install locations are left out, so this holds where Chromium is installed too.
  const script = `import(${JSON.stringify(preflightModule)}).then((m) => m.runPreflight({ knownLocations: [] }))`;
  const result = await run(["--input-type=module", "-e", script], { PATH: "", ...servers() });
  expect(result.code).toBe(1);
  expect(result.lines).toEqual([
    "preflight: Chromium is not installed (the Bull Board test drives it): " +
      '"sudo apt-get install -y chromium" (Debian/Ubuntu) or "brew install --cask chromium" (macOS), or set CHROME_PATH',
  ]);
});

it("says so when CHROME_PATH names something that is not a browser", async () => {
  const result = await run(["scripts/preflight.ts"], {
    PATH: process.env.PATH ?? "",
    ...servers(),
    CHROME_PATH: path.join(root, "no-such-browser"),
  });
  expect(result.code).toBe(1);
  expect(result.lines).toEqual([
    `preflight: No browser at ${path.join(root, "no-such-browser")} (from CHROME_PATH/HERALD_CHROMIUM_PATH): point it at a Chromium or Chrome executable`,
  ]);
});
