import { parseEnv } from "@herald/config";
import { workerEnvSchema } from "./env.ts";

describe("worker env", () => {
  it("defaults the job lock to outlast the HTTP timeout", () => {
    const env = parseEnv(workerEnvSchema, { HERALD_DELIVERY_TIMEOUT_MS: "8000" });
    expect(env.HERALD_JOB_LOCK_MS).toBe(33_000);
    expect(env.HERALD_RETRY_SCHEDULE).toEqual([60, 300, 1800, 7200, 86400]);
  });

  it("parses a retry schedule and refuses a lock shorter than the timeout", () => {
    expect(parseEnv(workerEnvSchema, { HERALD_RETRY_SCHEDULE: " 1, 2 ,3" }).HERALD_RETRY_SCHEDULE).toEqual([1, 2, 3]);
    expect(() => parseEnv(workerEnvSchema, { HERALD_RETRY_SCHEDULE: "1,,2" })).toThrow(/HERALD_RETRY_SCHEDULE: must be comma-separated seconds/);
    expect(() => parseEnv(workerEnvSchema, { HERALD_DELIVERY_TIMEOUT_MS: "5000", HERALD_JOB_LOCK_MS: "5000" })).toThrow(/HERALD_JOB_LOCK_MS: must exceed HERALD_DELIVERY_TIMEOUT_MS/);
  });
});
