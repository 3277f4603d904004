import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { commonEnv, encryptionKeyOf, redisTargetOf } from "./common-env.ts";
import { EnvError, parseEnv } from "./parse-env.ts";

describe("parseEnv", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv(commonEnv, {});
    expect(env.DATABASE_URL).toBe("postgresql://postgres:postgres@127.0.0.1:5432/herald");
    expect(env.REDIS_URL).toBe("redis://127.0.0.1:6379");
    expect(env.HERALD_QUEUE_PREFIX).toBe("herald");
    expect(env.HERALD_ALLOW_HTTP).toBe(false);
  });

  it("names the bad variable", () => {
    expect(() => parseEnv(commonEnv, { REDIS_URL: "http://x" })).toThrow(
      new EnvError("REDIS_URL", "must be a redis:// or rediss:// URL"),
    );
    expect(() => parseEnv(commonEnv, { HERALD_ALLOW_HTTP: "maybe" })).toThrow(
      /HERALD_ALLOW_HTTP: must be true or false/,
    );
    expect(() => parseEnv(commonEnv, { DATABASE_POOL_SIZE: "-3" })).toThrow(/DATABASE_POOL_SIZE: must be positive/);
  });

  it("reads Redis Cluster seed nodes and the partition count", () => {
    const env = parseEnv(commonEnv, {
      REDIS_CLUSTER_NODES: "redis-1:6379, 10.0.0.2:7001,[::1]:7002",
      HERALD_QUEUE_PARTITIONS: "8",
    });
    expect(env.REDIS_CLUSTER_NODES).toEqual([
      { host: "redis-1", port: 6379 },
      { host: "10.0.0.2", port: 7001 },
      { host: "::1", port: 7002 },
    ]);
    expect(env.HERALD_QUEUE_PARTITIONS).toBe(8);
    expect(parseEnv(commonEnv, {}).HERALD_QUEUE_PARTITIONS).toBe(1);
    expect(() => parseEnv(commonEnv, { REDIS_CLUSTER_NODES: "redis-1" })).toThrow(
      /REDIS_CLUSTER_NODES: must be host:port pairs/,
    );
    expect(() => parseEnv(commonEnv, { REDIS_CLUSTER_NODES: "a:1,b:99999" })).toThrow(
      /REDIS_CLUSTER_NODES: must be host:port pairs/,
    );
    expect(() => parseEnv(commonEnv, { HERALD_QUEUE_PARTITIONS: "0" })).toThrow(
      /HERALD_QUEUE_PARTITIONS: must be at least 1/,
    );
    expect(() => parseEnv(commonEnv, { HERALD_QUEUE_PREFIX: "{herald}" })).toThrow(/HERALD_QUEUE_PREFIX/);
  });

  it("reads Redis Sentinels with the same host:port rules, and needs the primary's name", () => {
    const env = parseEnv(commonEnv, {
      REDIS_SENTINELS: "sentinel-1:26379, 10.0.0.2:26380,[::1]:26381",
      REDIS_SENTINEL_NAME: "herald-primary",
    });
    expect(env.REDIS_SENTINELS).toEqual([
      { host: "sentinel-1", port: 26379 },
      { host: "10.0.0.2", port: 26380 },
      { host: "::1", port: 26381 },
    ]);
    expect(() => parseEnv(commonEnv, { REDIS_SENTINELS: "sentinel-1", REDIS_SENTINEL_NAME: "p" })).toThrow(
      /^invalid environment: REDIS_SENTINELS: must be host:port pairs separated by commas, e\.g\. sentinel-1:26379/,
    );
    expect(() => parseEnv(commonEnv, { REDIS_SENTINELS: "s:26379" })).toThrow(
      new EnvError(
        "REDIS_SENTINEL_NAME",
        "required when REDIS_SENTINELS is set (the primary's name, as in `sentinel monitor <name> ...`)",
      ),
    );
    expect(() => parseEnv(commonEnv, { REDIS_SENTINEL_NAME: "p" })).toThrow(
      /REDIS_SENTINEL_NAME: has no effect without REDIS_SENTINELS/,
    );
    expect(() => parseEnv(commonEnv, { REDIS_SENTINEL_PASSWORD: "pw" })).toThrow(
      /REDIS_SENTINEL_PASSWORD: has no effect without REDIS_SENTINELS/,
    );
    expect(() => parseEnv(commonEnv, { REDIS_SENTINELS: "s:26379", REDIS_SENTINEL_NAME: "my primary" })).toThrow(
      /REDIS_SENTINEL_NAME: must be the primary's name/,
    );
    expect(() =>
      parseEnv(commonEnv, { REDIS_SENTINELS: "s:26379", REDIS_SENTINEL_NAME: "p", REDIS_CLUSTER_NODES: "r:6379" }),
    ).toThrow(/REDIS_SENTINELS: cannot be combined with REDIS_CLUSTER_NODES/);
    expect(() =>
      parseEnv(commonEnv, { REDIS_SENTINELS: "s:26379", REDIS_SENTINEL_NAME: "p", REDIS_URL: "rediss://h:6380" }),
    ).toThrow(/REDIS_URL: rediss:\/\/ \(TLS\) is not supported through REDIS_SENTINELS/);
  });

  it("hands createRedisConnection the Sentinels, or the cluster, or the URL", () => {
    const sentinel = {
      REDIS_SENTINELS: "s1:26379,s2:26379",
      REDIS_SENTINEL_NAME: "herald-primary",
      REDIS_URL: "redis://:secret@ignored:6379/2",
    };
    expect(redisTargetOf(parseEnv(commonEnv, sentinel))).toEqual({
      url: "redis://:secret@ignored:6379/2",
      sentinel: {
        name: "herald-primary",
        nodes: [
          { host: "s1", port: 26379 },
          { host: "s2", port: 26379 },
        ],
      },
    });
    expect(
      redisTargetOf(parseEnv(commonEnv, { ...sentinel, REDIS_SENTINEL_PASSWORD: "sentinel-pw" })).sentinel?.password,
    ).toBe("sentinel-pw");
    expect(redisTargetOf(parseEnv(commonEnv, { REDIS_CLUSTER_NODES: "r:7000" }))).toEqual({
      url: "redis://127.0.0.1:6379",
      clusterNodes: [{ host: "r", port: 7000 }],
    });
    expect(redisTargetOf(parseEnv(commonEnv, {}))).toEqual({ url: "redis://127.0.0.1:6379", clusterNodes: undefined });
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
    expect(out.stderr.trim().split("\n")).toEqual([
      "herald: invalid environment: DATABASE_URL: must be a postgresql:// or postgres:// URL",
    ]);
  });

  it("refuses production without an encryption key, and seals with the given key or the development one", () => {
    expect(() => parseEnv(commonEnv, { NODE_ENV: "production" })).toThrow(
      new EnvError("HERALD_ENCRYPTION_KEY", "required when NODE_ENV=production"),
    );
    const key = "k".repeat(64);
    expect(encryptionKeyOf(parseEnv(commonEnv, { NODE_ENV: "production", HERALD_ENCRYPTION_KEY: key }))).toEqual({
      key,
      isDevelopmentKey: false,
    });
    expect(encryptionKeyOf(parseEnv(commonEnv, {}))).toEqual({
      key: "herald-development-key-do-not-use-in-production",
      isDevelopmentKey: true,
    });
  });

  it("starts with a warning line naming the replacement of a deprecated variable", () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const script = [
      `import { z } from "zod"; import { loadEnvOrExit, setting, durationMs } from "./index.ts";`,
      `const schema = z.object({ NEW_MS: setting(durationMs, { default: 5, description: "new" }),`,
      `OLD_MS: setting(durationMs, { replacedBy: "NEW_MS", description: "old" }) });`,
      `loadEnvOrExit(schema); console.log("started");`,
    ].join(" ");
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: dir,
        env: { PATH: process.env.PATH, ...env },
        encoding: "utf8",
      });
    const deprecated = run({ OLD_MS: "100" });
    expect(deprecated.status).toBe(0);
    expect(deprecated.stdout).toBe("started\n");
    expect(deprecated.stderr).toBe("herald: warning: OLD_MS is deprecated: set NEW_MS instead\n");
    const current = run({ NEW_MS: "100" });
    expect([current.stdout, current.stderr]).toEqual(["started\n", ""]);
  });
});
