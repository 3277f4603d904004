import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

const entry = { api: "apps/api/src/server.ts", worker: "apps/worker/src/main.ts" } as const;
const startedLine = { api: "Herald API listening", worker: "Herald worker started" } as const;

export type Role = keyof typeof entry;

export interface HeraldProcess {
  role: Role;
  child: ChildProcess;
  /** Everything it printed, across its whole life (kept for the secrets scan). */
  output(): string;
  exited: Promise<number | null>;
  /** Sends `signal` and resolves with the exit code (null when killed by a signal). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The real API or worker (`node --import tsx <entry>`) as a child process,
 * resolved once it logs that it started. Its output is captured, not shown,
 * unless HERALD_TEST_LOGS is set. `startTimeoutMs` bounds the wait (longer
 * for a process that first waits for Redis itself).
 */
export async function spawnHerald(
  role: Role,
  env: Record<string, string>,
  { startTimeoutMs = 30_000 } = {},
): Promise<HeraldProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", entry[role]], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const started = new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.HERALD_TEST_LOGS) process.stderr.write(`[${role}] ${chunk}`);
      if (output.includes(startedLine[role])) resolve();
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    void exited.then((code) => reject(new Error(`${role} exited (${code}) before starting:\n${output}`)));
    setTimeout(
      () => reject(new Error(`${role} did not start within ${startTimeoutMs / 1000} s:\n${output}`)),
      startTimeoutMs,
    ).unref();
  });
  await started;
  return {
    role,
    child,
    output: () => output,
    exited,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
