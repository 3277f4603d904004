import path from "node:path";
import { fileURLToPath } from "node:url";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "migrate.ts");

/**
 * The command line of `npm run db:migrate` (which spells the same flags in
 * package.json), for whoever spawns it: the wasm schema engine needs
 * --experimental-wasm-modules, which neither jest's VM nor a running app can
 * give it, so migrating is always a process of its own. NODE_OPTIONS is
 * emptied so a caller's (jest's --experimental-vm-modules) does not leak in.
 */
export function migrateCommand(env: Record<string, string | undefined> = {}): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  return {
    command: process.execPath,
    args: ["--experimental-wasm-modules", "--no-warnings", "--import", "tsx", cli],
    env: { ...process.env, ...env, NODE_OPTIONS: "" },
  };
}
