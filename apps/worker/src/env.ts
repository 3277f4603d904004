import { commonEnv, loadEnvOrExit, positiveInt } from "@herald/config";
import { z } from "zod";

export const workerEnvSchema = commonEnv.extend({
  HERALD_WORKER_CONCURRENCY: positiveInt(50),
  HERALD_DELIVERY_TIMEOUT_MS: positiveInt(5000),
  HERALD_RETRY_SCHEDULE: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, "must be comma-separated seconds, e.g. 60,300,1800")
    .default("60,300,1800,7200,86400")
    .transform((v) => v.split(",").map((s) => Number(s.trim()))),
  HERALD_SWEEP_INTERVAL_MS: positiveInt(30_000),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

export function loadWorkerEnv(env: Record<string, string | undefined> = process.env): WorkerEnv {
  return loadEnvOrExit(workerEnvSchema, env);
}
