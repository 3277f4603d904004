import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { migrateCommand } from "@herald/db/migrate-command";

// `npm start`: migrate (creating the database if needed), then run the API and
// one worker side by side. Either dying stops the other; SIGTERM/SIGINT are
// passed on so both shut down gracefully.
// `npm run dev` (`--dev`) is the same with webhooks allowed to target http:// and
// private or loopback addresses, so a receiver on the developer's machine works.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const roles = (process.argv[2] ?? "api,worker").split(",");
const dev = process.argv.includes("--dev");
// Loopback only unless HOST says otherwise: a dev stack that may call private addresses is not for the network.
const devSettings = {
  HOST: process.env.HOST ?? "127.0.0.1",
  HERALD_ALLOW_HTTP: "true",
  HERALD_ALLOW_PRIVATE_TARGETS: "true",
};
if (dev) {
  console.warn(
    "herald: !!! DEV MODE (npm run dev): webhooks may target http:// and private or loopback addresses " +
      "(HERALD_ALLOW_HTTP=true, HERALD_ALLOW_PRIVATE_TARGETS=true); the API listens on HOST=" +
      `${devSettings.HOST}; never run it where others can reach it !!!`,
  );
}
const childEnv = { ...process.env, NODE_OPTIONS: "", ...(dev ? devSettings : {}) };

function run(args: string[], cwd: string): ChildProcess {
  return spawn(process.execPath, args, { cwd, stdio: "inherit", env: childEnv });
}

const { command, args, env } = migrateCommand();
const migrate = spawn(command, args, { cwd: path.join(root, "packages/db"), stdio: "inherit", env });
migrate.on("exit", (code) => {
  if (code !== 0) process.exit(code ?? 1);
  const children = roles.map((role) =>
    role === "api"
      ? run(["--import", "tsx", "src/server.ts"], path.join(root, "apps/api"))
      : run(["--import", "tsx", "src/main.ts"], path.join(root, "apps/worker")),
  );
  let exiting = false;
  const stopAll = (signal: NodeJS.Signals) => {
    exiting = true;
    for (const child of children) if (child.exitCode === null) child.kill(signal);
  };
  let remaining = children.length;
  let worst = 0;
  for (const child of children) {
    child.on("exit", (code) => {
      worst = Math.max(worst, code ?? 1);
      if (!exiting) stopAll("SIGTERM");
      if (--remaining === 0) process.exit(worst);
    });
  }
  process.on("SIGTERM", () => stopAll("SIGTERM"));
  process.on("SIGINT", () => stopAll("SIGINT"));
});
