import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { commonEnv } from "./common-env.ts";
import { EnvError, parseEnv } from "./parse-env.ts";

describe("parseEnv", () => {
  it("applies the SPEC defaults", () => {
    const env = parseEnv(commonEnv, {});
    expect(env.DATABASE_URL).toBe("postgresql://postgres:postgres@127.0.0.1:5432/herald");
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.HERALD_QUEUE_PREFIX).toBe("herald");
    expect(env.HERALD_ALLOW_HTTP).toBe(false);
  });

  it("names the bad variable", () => {
    expect(() => parseEnv(commonEnv, { REDIS_URL: "http://x" })).toThrow(new EnvError("REDIS_URL", "must be a redis:// or rediss:// URL"));
    expect(() => parseEnv(commonEnv, { HERALD_ALLOW_HTTP: "maybe" })).toThrow(/HERALD_ALLOW_HTTP: must be true or false/);
    expect(() => parseEnv(commonEnv, { DATABASE_POOL_SIZE: "-3" })).toThrow(/DATABASE_POOL_SIZE: must be positive/);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv(commonEnv, { REDIS_URL: "" }).REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it("stops a process with one line naming the variable", () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const script = `import { loadEnvOrExit, commonEnv } from "./index.ts"; loadEnvOrExit(commonEnv); console.log("started");`;
    const out = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: dir,
      env: { PATH: process.env.PATH, DATABASE_URL: "mysql://nope" },
      encoding: "utf8",
    });
    expect(out.status).toBe(1);
    expect(out.stdout).toBe("");
    expect(out.stderr.trim().split("\n")).toEqual(["herald: invalid environment: DATABASE_URL: must be a postgresql:// or postgres:// URL"]);
  });
});
