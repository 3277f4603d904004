import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));

export interface Command {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * A node command line for a script that runs the wasm schema engine (migrate,
 * drift check, partial migrations in tests): the engine needs
 * --experimental-wasm-modules, which neither jest's VM nor a running app can
 * give it, so it always runs in a process of its own. NODE_OPTIONS is emptied
 * so a caller's (jest's --experimental-vm-modules) does not leak in.
 * package.json's `migrate` and `migration` scripts spell the same flags.
 */
export function schemaEngineCommand(script: string, env: Record<string, string | undefined> = {}): Command {
  return {
    command: process.execPath,
    args: ["--experimental-wasm-modules", "--no-warnings", "--import", "tsx", script],
    env: { ...process.env, ...env, NODE_OPTIONS: "" },
  };
}

/** `npm run db:migrate`'s command line, for whoever spawns it. */
export function migrateCommand(env: Record<string, string | undefined> = {}): Command {
  return schemaEngineCommand(path.join(here, "migrate.ts"), env);
}
