import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function boot(role: "api" | "worker", env: Record<string, string>) {
  const entry = role === "api" ? "apps/api/src/server.ts" : "apps/worker/src/main.ts";
  return spawnSync(process.execPath, ["--import", "tsx", entry], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", ...env },
    encoding: "utf8",
    timeout: 20_000,
  });
}

// A bad value stops the process before it touches anything, with one line
// that names the variable (what a user sees at set-up).
describe("start-up configuration", () => {
  it.each([
    ["api", { PORT: "eighty" }, "PORT"],
    ["api", { REDIS_URL: "localhost:6379" }, "REDIS_URL"],
    ["api", { HERALD_ALLOW_HTTP: "sometimes" }, "HERALD_ALLOW_HTTP"],
    [
      "api",
      { HERALD_PORTAL_FRAME_ANCESTORS: "https://ok.example.com 'unsafe-inline'" },
      "HERALD_PORTAL_FRAME_ANCESTORS",
    ],
    ["api", { HERALD_PORTAL_FRAME_ANCESTORS: "https://a.example.com; script-src *" }, "HERALD_PORTAL_FRAME_ANCESTORS"],
    ["api", { HERALD_PUBLIC_URL: "herald.example.com" }, "HERALD_PUBLIC_URL"],
    ["api", { HERALD_PUBLIC_URL: "ftp://herald.example.com" }, "HERALD_PUBLIC_URL"],
    ["worker", { HERALD_RETRY_SCHEDULE: "1m,5m" }, "HERALD_RETRY_SCHEDULE"],
    ["worker", { HERALD_DELIVERY_TIMEOUT_MS: "0" }, "HERALD_DELIVERY_TIMEOUT_MS"],
    ["worker", { DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
  ] as const)("%s refuses %j with one line naming %s", (role, env, variable) => {
    const out = boot(role, env);
    expect(out.status).toBe(1);
    const lines = out.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^herald: invalid environment: ${variable}: `));
  });

  it("production refuses to start without an encryption key", () => {
    const out = boot("api", { NODE_ENV: "production" });
    expect(out.status).toBe(1);
    expect(out.stderr.trim()).toBe(
      "herald: invalid environment: HERALD_ENCRYPTION_KEY: required when NODE_ENV=production",
    );
  });
});
