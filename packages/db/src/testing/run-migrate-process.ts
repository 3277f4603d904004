import { spawn } from "node:child_process";
import { migrateCommand } from "../cli/migrate-command.ts";

/** Runs `npm run db:migrate`'s code in a child process (see migrateCommand), collecting its output. */
export function runMigrateProcess(url: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const { command, args, env } = migrateCommand({ DATABASE_URL: url });
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}
