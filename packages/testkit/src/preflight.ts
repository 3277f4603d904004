import { Redis } from "ioredis";
// The subpath, not @herald/db itself: the preflight must not wait for the Prisma client to load.
import { maskPassword, postgresProblem } from "@herald/db/postgres-at-start";
import { chromiumFromEnv, findChromium, knownChromiumLocations } from "./find-chromium.ts";

// What the test suite needs before it starts: the servers the tests use (their
// HERALD_TEST_* variables, else the defaults) and a browser. Each missing one is
// one line saying what is missing and how to get it.
const defaultTestDatabaseUrl = "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
const defaultTestRedisUrl = "redis://127.0.0.1:6379";
const timeoutMs = 3000;

async function redisProblem(url: string): Promise<string | null> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis reports the cause (ECONNREFUSED...) as an event and rejects with "Connection is closed".
  let cause: string | undefined;
  redis.on("error", (err: Error) => (cause ??= err.message));
  try {
    await redis.connect();
    await redis.ping();
    return null;
  } catch (err) {
    return (
      `Redis is not reachable at ${maskPassword(url)} (${cause ?? (err as Error).message}): ` +
      `start it with "redis-server" (Debian/Ubuntu: "sudo apt-get install -y redis-server"; macOS: "brew install redis") ` +
      "or set HERALD_TEST_REDIS_URL"
    );
  } finally {
    redis.disconnect();
  }
}

function browserProblem(env: NodeJS.ProcessEnv, knownLocations: readonly string[]): string | null {
  if (findChromium({ env, knownLocations })) return null;
  const named = chromiumFromEnv(env);
  if (named)
    return `No browser at ${named} (from CHROME_PATH/HERALD_CHROMIUM_PATH): point it at a Chromium or Chrome executable`;
  return (
    "Chromium is not installed (the Bull Board test drives it): " +
    `"sudo apt-get install -y chromium" (Debian/Ubuntu) or "brew install --cask chromium" (macOS), or set CHROME_PATH`
  );
}

/** Every missing prerequisite of the test suite, one line each; empty when all are there. */
async function preflightProblems({
  env = process.env,
  knownLocations = knownChromiumLocations,
} = {}): Promise<string[]> {
  const problems = await Promise.all([
    postgresProblem(env.HERALD_TEST_DATABASE_URL || defaultTestDatabaseUrl, {
      variable: "HERALD_TEST_DATABASE_URL",
      start:
        'start it (Debian/Ubuntu: "sudo apt-get install -y postgresql"; macOS: "brew install postgresql@15 && brew services start postgresql@15")',
      timeoutMs,
    }),
    redisProblem(env.HERALD_TEST_REDIS_URL || defaultTestRedisUrl),
    browserProblem(env, knownLocations),
  ]);
  return problems.filter((p): p is string => p !== null);
}

/** The `npm test` preflight: prints each missing prerequisite on stderr and exits 1, or returns when all are there. */
export async function runPreflight(
  options: { env?: NodeJS.ProcessEnv; knownLocations?: readonly string[] } = {},
): Promise<void> {
  const problems = await preflightProblems(options);
  if (problems.length === 0) return;
  for (const problem of problems) process.stderr.write(`preflight: ${problem}\n`);
  process.exit(1);
}
