import { freePort } from "./free-port.ts";
import { type RedisProcess, spawnRedisServer, startProcessGroup, untilPong } from "./redis-process.ts";

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
  const { dir, processes, destroy } = await startProcessGroup<RedisProcess>("redis");
  let server: RedisProcess | undefined;
  const start = async () => {
    server = await spawnRedisServer({ port, dir, appendOnly: persistence, args: ["--appendfsync", "always"] });
    processes.push(server);
    await untilPong(port);
  };
  const stop = async ({ kill = false } = {}) => {
    await server?.kill(kill ? "SIGKILL" : "SIGTERM");
  };
  try {
    await start();
  } catch (error) {
    await destroy();
    throw error;
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop, start, destroy };
}
