import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { eventually } from "./eventually.ts";

export interface RedisProcess {
  port: number;
  child: ChildProcess;
  alive(): boolean;
  /** Sends `signal` (SIGKILL unless told), resolved once the process has exited. */
  kill(signal?: "SIGKILL" | "SIGTERM"): Promise<void>;
}

/** `redis-server` with `args` (a cluster node, a Sentinel's primary or replica, or a Sentinel) listening on `port`. */
export function spawnRedisProcess(port: number, args: string[]): RedisProcess {
  const child = spawn("redis-server", args, { stdio: "ignore" });
  // `once` rejects on "error" (no redis-server binary): the caller's readiness wait reports that.
  const exited = once(child, "exit").then(
    () => undefined,
    () => undefined,
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    port,
    child,
    alive,
    async kill(signal = "SIGKILL") {
      if (alive()) child.kill(signal);
      await exited;
    },
  };
}

/**
 * A data node: `redis-server` on loopback `port`, with `dir` of its own (created
 * if missing) for its log and any append-only file, no RDB snapshots, and `args`
 * for the rest (replication, cluster mode, a password).
 */
export async function spawnRedisServer({
  port,
  dir,
  appendOnly,
  args = [],
}: {
  port: number;
  dir: string;
  appendOnly: boolean;
  args?: string[];
}): Promise<RedisProcess> {
  await mkdir(dir, { recursive: true });
  return spawnRedisProcess(port, [
    ...["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--logfile", path.join(dir, "redis.log")],
    ...["--save", "", "--appendonly", appendOnly ? "yes" : "no"],
    ...args,
  ]);
}

/** Runs `fn` on a short-lived connection to one node that neither retries nor follows redirects. */
export async function withNode<T>(
  port: number,
  fn: (client: Redis) => Promise<T>,
  { password }: { password?: string } = {},
): Promise<T> {
  const client = new Redis({
    host: "127.0.0.1",
    port,
    password,
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // A refused connection rejects connect(); without a listener ioredis also prints it.
  client.on("error", () => undefined);
  try {
    await client.connect();
    return await fn(client);
  } finally {
    client.disconnect();
  }
}

export function ask(port: number, command: string, ...args: string[]): Promise<string> {
  return withNode(port, async (client) => String(await client.call(command, ...args)));
}

/** Resolves once the redis-server on `port` answers PING. */
export async function untilPong(port: number): Promise<void> {
  await eventually(async () => (await ask(port, "PING")) === "PONG", { what: `redis-server on port ${port}` });
}

/**
 * The redis-servers of one throwaway setup (a cluster, a Sentinel set) and
 * their temp directory: a crashed test run must not leave them behind, so
 * they are killed at process exit unless destroyed first.
 */
export async function startProcessGroup<P extends RedisProcess>(label: string) {
  const dir = await mkdtemp(path.join(os.tmpdir(), `herald-${label}-`));
  const processes: P[] = [];
  const killAll = () => {
    for (const p of processes) if (p.alive()) p.child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", killAll);
  return {
    dir,
    processes,
    live: () => processes.filter((p) => p.alive()),
    async destroy(): Promise<void> {
      process.off("exit", killAll);
      await Promise.all(processes.map((p) => p.kill()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
