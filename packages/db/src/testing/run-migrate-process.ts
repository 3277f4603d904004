import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../cli/migrate.ts");

/**
 * Runs `npm run db:migrate`'s code in a child process: the wasm schema engine
 * needs --experimental-wasm-modules, which jest's VM cannot give it.
 */
export function runMigrateProcess(url: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--experimental-wasm-modules", "--no-warnings", "--import", "tsx", cli], {
      env: { ...process.env, DATABASE_URL: url, NODE_OPTIONS: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
