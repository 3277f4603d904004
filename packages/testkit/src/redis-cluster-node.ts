import path from "node:path";
import { type RedisProcess, spawnRedisServer } from "./redis-process.ts";

export type ClusterNodeProcess = RedisProcess;

/**
 * One cluster-enabled redis-server with a directory of its own (the AOF
 * directory and nodes.conf must not be shared). The bus port is chosen
 * rather than left at port + 10000, which is past 65535 for high free ports.
 */
export async function spawnClusterNode({
  port,
  busPort,
  dir,
  nodeTimeoutMs,
}: {
  port: number;
  busPort: number;
  dir: string;
  nodeTimeoutMs: number;
}): Promise<ClusterNodeProcess> {
  return spawnRedisServer({
    port,
    dir,
    appendOnly: true,
    args: [
      "--cluster-enabled",
      "yes",
      "--cluster-port",
      String(busPort),
      "--cluster-config-file",
      path.join(dir, `nodes-${port}.conf`),
      "--cluster-node-timeout",
      String(nodeTimeoutMs),
      // A replica may take over however long it has been cut off from its master
      // (the default factor of 10 can leave a slot range without a master).
      "--cluster-replica-validity-factor",
      "0",
      "--cluster-allow-reads-when-down",
      "no",
    ],
  });
}
