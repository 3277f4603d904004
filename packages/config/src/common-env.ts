import { z } from "zod";

// Variables both the API and the worker read. Each app's env.ts extends this.

const boolean = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "must be true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

export const booleanFlag = (fallback: boolean) => boolean.default(fallback);

const url = (protocols: string[]) =>
  z.string().refine((v) => {
    try {
      return protocols.includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be a ${protocols.map((p) => p.replace(":", "://")).join(" or ")} URL`);

export const positiveInt = (fallback: number) => z.coerce.number({ message: "must be a number" }).int("must be a whole number").positive("must be positive").default(fallback);

export const commonEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["error", "warn", "info", "http", "verbose", "debug", "silly"]).default("info"),
  DATABASE_URL: url(["postgresql:", "postgres:"]).default("postgresql://postgres:postgres@127.0.0.1:5432/herald"),
  DATABASE_POOL_SIZE: positiveInt(10),
  REDIS_URL: url(["redis:", "rediss:"]).default("redis://127.0.0.1:6379"),
  HERALD_QUEUE_PREFIX: z.string().regex(/^[\w:.-]+$/, "may hold letters, digits, _ : . - only").default("herald"),
  // Secrets are sealed with this; without it a development key is used and
  // the process warns (production refuses to start, see requireInProduction).
  HERALD_ENCRYPTION_KEY: z.string().min(16, "must be at least 16 characters (64 hex chars recommended)").optional(),
  HERALD_ALLOW_HTTP: booleanFlag(false),
  HERALD_ALLOW_PRIVATE_TARGETS: booleanFlag(false),
});

export type CommonEnv = z.infer<typeof commonEnv>;

/** A fixed key for development only: data sealed with it is not protected. */
export const DEVELOPMENT_ENCRYPTION_KEY = "herald-development-key-do-not-use-in-production";

export function encryptionKeyOf(env: CommonEnv): { key: string; isDevelopmentKey: boolean } {
  if (env.HERALD_ENCRYPTION_KEY) return { key: env.HERALD_ENCRYPTION_KEY, isDevelopmentKey: false };
  if (env.NODE_ENV === "production") {
    process.stderr.write("herald: invalid environment: HERALD_ENCRYPTION_KEY: required when NODE_ENV=production\n");
    process.exit(1);
  }
  return { key: DEVELOPMENT_ENCRYPTION_KEY, isDevelopmentKey: true };
}
