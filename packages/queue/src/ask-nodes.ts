import { Redis } from "ioredis";
import type { HostPort } from "./sentinel-connection.ts";

/**
 * Puts one question to each node, on a connection of its own that neither
 * retries nor reconnects: for the one line that explains a client that never
 * got ready. Each answer is `host:port <answer>`; a node that did not answer
 * is reported with the reason its connection gave (ECONNREFUSED, NOAUTH...),
 * not connect()'s bare "Connection is closed.".
 */
export async function askEachNode(
  nodes: readonly HostPort[],
  question: (node: Redis) => Promise<string>,
  { password }: { password?: string } = {},
): Promise<string> {
  const answers = await Promise.all(
    nodes.map(async ({ host, port }) => {
      const node = new Redis({
        host,
        port,
        password,
        lazyConnect: true,
        connectTimeout: 2000,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      let cause: Error | null = null;
      node.on("error", (err: Error) => (cause = err));
      try {
        await node.connect();
        return `${host}:${port} ${await question(node)}`;
      } catch (err) {
        return `${host}:${port}: ${(cause ?? (err as Error)).message}`;
      } finally {
        node.disconnect();
      }
    }),
  );
  return answers.join("; ");
}
