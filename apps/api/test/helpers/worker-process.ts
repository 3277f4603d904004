import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestApp } from "./test-app.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The worker's environment for a test app: same database, Redis prefix and encryption key; short timings. */
export function workerEnvFor(t: TestApp, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: t.database.url,
    DATABASE_POOL_SIZE: "4",
    REDIS_URL: process.env.HERALD_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    HERALD_QUEUE_PREFIX: t.deps.config.queuePrefix,
    HERALD_ENCRYPTION_KEY: t.deps.config.encryptionKey,
    HERALD_ALLOW_HTTP: "true",
    HERALD_ALLOW_PRIVATE_TARGETS: "true",
    HERALD_RETRY_SCHEDULE: "1,1",
    HERALD_DELIVERY_TIMEOUT_MS: "1000",
    HERALD_WORKER_CONCURRENCY: "10",
    HERALD_SWEEP_INTERVAL_MS: "500",
    HERALD_SWEEP_GRACE_MS: "1000",
    ...overrides,
  };
}

/**
 * The real worker (`node --import tsx apps/worker/src/main.ts`) as a child
 * process, resolved once it reports that it started.
 */
export async function startWorkerProcess(env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "apps/worker/src/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.HERALD_TEST_LOGS) process.stderr.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const started = new Promise<void>((resolve, reject) => {
    const check = () => output.includes("Herald worker started") && resolve();
    child.stdout!.on("data", check);
    void exited.then((code) => reject(new Error(`worker exited (${code}) before starting:\n${output}`)));
    setTimeout(() => reject(new Error(`worker did not start within 20 s:\n${output}`)), 20_000).unref();
  });
  await started;
  return {
    child,
    output: () => output,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
