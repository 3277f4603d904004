import { checkRedis, withTimeout } from "@herald/queue";
import type { AppDeps } from "../../deps.ts";

const TIMEOUT_MS = 2000;

async function probe(fn: () => Promise<unknown>): Promise<string> {
  try {
    await withTimeout(fn(), TIMEOUT_MS, "the dependency");
    return "ok";
  } catch (err) {
    return err instanceof Error ? err.message.slice(0, 200) : "error";
  }
}

/** "ok", or what is wrong; on a Redis Cluster, "ok" needs cluster_state:ok (every slot served). */
export async function checkReadiness({
  db,
  redis,
}: Pick<AppDeps, "db" | "redis">): Promise<{ postgres: string; redis: string }> {
  const [postgres, redisState] = await Promise.all([
    probe(() => db.$queryRaw`SELECT 1`),
    probe(async () => {
      const state = await checkRedis(redis);
      if (!state.ok) throw new Error(state.detail);
    }),
  ]);
  return { postgres, redis: redisState };
}
