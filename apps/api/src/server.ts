import type { Server } from "node:http";
import { redisTargetOf } from "@herald/config";
import { exitUnlessRedisUsable } from "@herald/queue";
import { startTelemetry } from "@herald/telemetry";
import { exitUnlessPostgresUsable, prepareHistoryPartitions, sealLegacyHeaders, sqlPool } from "@herald/db";
import { sealHeaders } from "@herald/delivery";
import { BULL_BOARD_PATH } from "./admin/bull-board.router.ts";
import { createApp } from "./app.ts";
import { bootstrapAdminKeyOrExit } from "./bootstrap.ts";
import { buildDeps } from "./build-deps.ts";
import { loadApiEnv } from "./env.ts";
import { containUncaughtRequestErrors } from "./middleware/contain-request-errors.ts";

const env = loadApiEnv();
const telemetry = await startTelemetry({ serviceName: "herald-api", env });
const deps = buildDeps(env, telemetry);
if (telemetry) {
  deps.logger.info(`tracing on: spans go to ${telemetry.tracesEndpoint}`);
  telemetry.onProblem((problem) => deps.logger.warn("opentelemetry", { problem }));
}
await exitUnlessPostgresUsable(env.DATABASE_URL);
await exitUnlessRedisUsable({ client: deps.redis, target: redisTargetOf(env), role: "producer" });
await bootstrapAdminKeyOrExit(deps);
// Header values an older Herald stored in clear are sealed before anything can answer or send them.
const sealed = await sealLegacyHeaders(deps.db, (headers) => sealHeaders(headers, deps.config.encryptionKey));
if (sealed) deps.logger.info(`sealed the custom header values of ${sealed} webhook(s) stored in clear`);
// Today's history partitions and a few days ahead; the workers keep creating them.
await prepareHistoryPartitions(sqlPool(deps.db), deps.logger);
const app = createApp(deps);
containUncaughtRequestErrors(deps.logger);

const server: Server = app.listen(env.PORT, env.HOST, () => {
  const origin = `http://${env.HOST === "0.0.0.0" ? "127.0.0.1" : env.HOST}:${env.PORT}`;
  // 0.0.0.0 is reachable as 127.0.0.1 here, and from the network too: say both.
  const everywhere = env.HOST === "0.0.0.0" ? " (and on every other interface: HOST=0.0.0.0)" : "";
  deps.logger.info(`Herald API listening on ${origin}${everywhere}`);
  // Where to go next, for whoever just started it.
  for (const [what, path] of [
    ["console", "/console"],
    ["API reference", "/docs"],
    ["queue dashboard", BULL_BOARD_PATH],
    ["metrics", "/metrics"],
  ])
    deps.logger.info(`${what}: ${origin}${path}`);
});
// Longer than typical load-balancer idle timeouts, so they close first.
server.keepAliveTimeout = 65_000;

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  deps.logger.info(`${signal}: closing the API`);
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  server.close(async () => {
    // Requests still open were waiting on their batch; anything left is stored before the pools close.
    await deps.publisher.close().catch(() => undefined);
    await deps.deliveryQueues.close().catch(() => undefined);
    deps.webhookClient.close();
    await telemetry?.shutdown();
    await Promise.allSettled([deps.db.$disconnect(), deps.redis.quit()]);
    process.exit(0);
  });
  server.closeIdleConnections();
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
