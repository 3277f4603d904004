import type { z } from "zod";
import { deprecationWarnings } from "./setting.ts";

export class EnvError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`invalid environment: ${variable}: ${problem}`);
    this.name = "EnvError";
  }
}

/** Parses `env` with `schema`; the first bad variable becomes one EnvError. */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.infer<S> {
  // Empty strings mean "not set", as they do in most shells and compose files.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new EnvError(String(issue.path[0] ?? "environment"), issue.message);
}

/**
 * At start-up: a bad value stops the process with one line naming the variable;
 * a deprecated one is a warning line naming its replacement.
 */
export function loadEnvOrExit<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.infer<S> {
  try {
    const parsed = parseEnv(schema, env);
    for (const warning of deprecationWarnings(schema, env)) process.stderr.write(`herald: warning: ${warning}\n`);
    return parsed;
  } catch (err) {
    if (!(err instanceof EnvError)) throw err;
    process.stderr.write(`herald: ${err.message}\n`);
    process.exit(1);
  }
}
