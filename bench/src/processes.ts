import { fork, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Sample } from "./stats.ts";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface Receiver {
  port: number;
  stats(): Promise<ReceiverStats>;
  reset(): Promise<void>;
  stop(): void;
}
interface ReceiverStats {
  received: number;
  unique: number;
  duplicates: number;
  /** Under /lat: each message's send time (Unix ms) and its publish→receive latency. */
  latencies: Sample[];
  firstAt: number;
  lastAt: number;
  byPath: Record<string, number>;
  /** Webhook-ids of first arrivals under /fifo, in arrival order. */
  fifoOrder: string[];
}

/**
 * The bench's receiver runs in a process of its own and keeps counters only
 * (not the test kit's per-request records), so what the bench measures is
 * Herald, not the receiver's bookkeeping or the runner's event loop.
 */
export async function startReceiver(): Promise<Receiver> {
  const child = fork(path.join(root, "bench/src/receiver.ts"), [], { execArgv: ["--import", "tsx"], stdio: "inherit" });
  const ask = <T>(cmd: string, type: string) =>
    new Promise<T>((resolve) => {
      const onMessage = (msg: { type: string } & T) => {
        if (msg.type !== type) return;
        child.off("message", onMessage);
        resolve(msg);
      };
      child.on("message", onMessage);
      child.send({ cmd });
    });
  const [ready] = (await once(child, "message")) as [{ type: string; port: number }];
  return {
    port: ready.port,
    stats: async () => (await ask<{ stats: ReceiverStats }>("stats", "stats")).stats,
    reset: async () => void (await ask("reset", "reset")),
    stop: () => child.kill("SIGTERM"),
  };
}

/** Starts one Herald role (api or worker) as a real process. */
export function startRole(role: "api" | "worker", env: Record<string, string>): ChildProcess {
  const cwd = path.join(root, role === "api" ? "apps/api" : "apps/worker");
  const entry = role === "api" ? "src/server.ts" : "src/main.ts";
  // HERALD_BENCH_PROFILE=api|worker|api,worker writes V8 CPU profiles of those roles.
  const profile = (process.env.HERALD_BENCH_PROFILE ?? "").split(",").includes(role)
    ? ["--cpu-prof", `--cpu-prof-dir=${path.join(root, "bench/results/profiles")}`]
    : [];
  return startNodeProcess({ name: role, cwd, args: [...profile, "--import", "tsx", entry], env });
}

/** Starts a Node process of the bench's own (the naive reference app) the way Herald's roles run. */
export function startBenchScript({
  name,
  script,
  env,
}: {
  name: string;
  script: string;
  env: Record<string, string>;
}): ChildProcess {
  return startNodeProcess({ name, cwd: root, args: ["--import", "tsx", path.join(root, "bench/src", script)], env });
}

function startNodeProcess({
  name,
  cwd,
  args,
  env,
}: {
  name: string;
  cwd: string;
  args: string[];
  env: Record<string, string>;
}): ChildProcess {
  // Each process's output goes to bench/results/logs/<name>-<time>.log for a post-mortem.
  const logs = path.join(root, "bench/results/logs");
  mkdirSync(logs, { recursive: true });
  const out = openSync(path.join(logs, `${name}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}.log`), "w");
  return spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NODE_OPTIONS: "", ...env },
    stdio: ["ignore", out, out],
  });
}

/** SIGTERM, then SIGKILL for whatever has not exited within `graceMs`. */
export async function stopProcesses(children: ChildProcess[], graceMs: number): Promise<void> {
  for (const child of children) child.kill("SIGTERM");
  const exited = Promise.all(
    children.map(
      (c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once("exit", r))),
    ),
  );
  await Promise.race([exited, new Promise((r) => setTimeout(r, graceMs).unref())]);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}
