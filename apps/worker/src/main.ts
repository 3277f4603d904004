import { loadWorkerEnv } from "./env.ts";
import winston from "winston";

// The delivery worker. The processor, sweeper and retry policy arrive with
// the delivery pipeline; until then this process validates its configuration
// and stays up so `npm start` runs both roles.
const env = loadWorkerEnv();
const logger = winston.createLogger({
  level: env.LOG_LEVEL,
  format: env.NODE_ENV === "production" ? winston.format.json() : winston.format.simple(),
  transports: [new winston.transports.Console()],
}).child({ service: "worker" });

logger.info(`Herald worker started (concurrency ${env.HERALD_WORKER_CONCURRENCY}, queue prefix ${env.HERALD_QUEUE_PREFIX})`);
const keepAlive = setInterval(() => undefined, 60_000);
function stop(signal: string): void {
  logger.info(`${signal}: worker stopping`);
  clearInterval(keepAlive);
  process.exit(0);
}
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
