import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";

export interface ClusterNodeProcess {
  port: number;
  child: ChildProcess;
  alive(): boolean;
  /** SIGKILL, resolved once the process has exited. */
  kill(): Promise<void>;
}

/**
 * One cluster-enabled redis-server with a directory of its own (the AOF
 * directory and nodes.conf must not be shared). The bus port is chosen
 * rather than left at port + 10000, which is past 65535 for high free ports.
 */
export async function spawnClusterNode({ port, busPort, dir, nodeTimeoutMs }: { port: number; busPort: number; dir: string; nodeTimeoutMs: number }): Promise<ClusterNodeProcess> {
  await mkdir(dir, { recursive: true });
  const args = [
    "--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--logfile", path.join(dir, "redis.log"),
    "--cluster-enabled", "yes", "--cluster-port", String(busPort),
    "--cluster-config-file", path.join(dir, `nodes-${port}.conf`),
    "--cluster-node-timeout", String(nodeTimeoutMs),
    // A replica may take over however long it has been cut off from its master
    // (the default factor of 10 can leave a slot range without a master).
    "--cluster-replica-validity-factor", "0",
    "--cluster-allow-reads-when-down", "no",
    "--appendonly", "yes", "--save", "",
  ];
  const child = spawn("redis-server", args, { stdio: "ignore" });
  // `once` rejects on "error" (no redis-server binary): the readiness wait reports that.
  const exited = once(child, "exit").then(() => undefined, () => undefined);
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    port,
    child,
    alive,
    async kill() {
      if (alive()) child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Runs `fn` on a short-lived connection to one node that neither retries nor follows redirects. */
export async function withNode<T>(port: number, fn: (client: Redis) => Promise<T>): Promise<T> {
  const client = new Redis({ host: "127.0.0.1", port, lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0, retryStrategy: () => null });
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
