import { execFile } from "node:child_process";
import { chmod, mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { eventually } from "./eventually.ts";
import { freePort } from "./free-port.ts";

const run = promisify(execFile);

export interface ThrowawayPostgres {
  port: number;
  /** Connection URL for `database` (default "postgres"). */
  url(database?: string): string;
  stop(opts?: { mode?: "fast" | "immediate" }): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

async function binDir(): Promise<string> {
  const base = "/usr/lib/postgresql";
  const versions = (await readdir(base)).sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error("Debian's PostgreSQL packages are not installed (no /usr/lib/postgresql/*/bin)");
  return path.join(base, versions[0], "bin");
}

/** Runs a PostgreSQL binary as the postgres user when we are root (initdb refuses root). */
async function asPostgres(bin: string, args: string[]): Promise<void> {
  if (process.getuid?.() === 0) await run("runuser", ["-u", "postgres", "--", bin, ...args]);
  else await run(bin, args);
}

/**
 * A private PostgreSQL cluster (initdb + pg_ctl from Debian's packages) on a
 * free port, trust auth, for tests that stop or restart Postgres.
 */
export async function startPostgresCluster(): Promise<ThrowawayPostgres> {
  const bin = await binDir();
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), "herald-pg-"));
  await chmod(dir, 0o777);
  const data = path.join(dir, "data");
  await asPostgres(path.join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8"]);
  const url = (database = "postgres") => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const ready = async () => {
    const client = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      return true;
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const start = async () => {
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
    await asPostgres(path.join(bin, "pg_ctl"), ["-D", data, "-o", opts, "-l", path.join(dir, "log"), "-w", "start"]);
    await eventually(ready, { what: `postgres on port ${port}` });
  };
  const stop = async ({ mode = "fast" }: { mode?: "fast" | "immediate" } = {}) => {
    await asPostgres(path.join(bin, "pg_ctl"), ["-D", data, "-m", mode, "-w", "stop"]).catch(() => undefined);
  };
  await start();
  return {
    port,
    url,
    stop,
    start,
    async destroy() {
      await stop({ mode: "immediate" });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
