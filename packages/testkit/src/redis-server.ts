import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { eventually } from "./eventually.ts";
import { freePort } from "./free-port.ts";

export interface ThrowawayRedis {
  port: number;
  url: string;
  /** Stops the server (SIGTERM, or SIGKILL with `{ kill: true }`). */
  stop(opts?: { kill?: boolean }): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  destroy(): Promise<void>;
}

/**
 * A private redis-server on a free port, for tests that stop or restart
 * Redis: the machine's shared Redis is never touched. `persistence: true`
 * turns on the append-only file so a restart keeps the data.
 */
export async function startRedisServer({
  persistence = false,
}: {
  persistence?: boolean;
} = {}): Promise<ThrowawayRedis> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), "herald-redis-"));
  let child: ChildProcess | null = null;
  const url = `redis://127.0.0.1:${port}`;
  const ping = async () => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await client.connect();
      return (await client.ping()) === "PONG";
    } finally {
      client.disconnect();
    }
  };
  const start = async () => {
    const args = [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dir,
      "--save",
      "",
      "--appendonly",
      persistence ? "yes" : "no",
      "--appendfsync",
      "always",
    ];
    child = spawn("redis-server", args, { stdio: "ignore" });
    await eventually(ping, { what: `redis-server on port ${port}` });
  };
  const stop = async ({ kill = false } = {}) => {
    const running = child;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill(kill ? "SIGKILL" : "SIGTERM");
    await exited;
    child = null;
  };
  await start();
  return {
    port,
    url,
    stop,
    start,
    async destroy() {
      await stop({ kill: true });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
