import { readFileSync } from "node:fs";
import type { RedisClient } from "@herald/queue";

// Every Lua script of endpoint state, one file each in ./scripts, named
// `<name>-<number of keys>.lua` with a KEYS / ARGV / returns header; shared
// functions live in ./scripts/includes and are pulled in by `--! include <name>`.

/** Caller name → script file. */
const SCRIPT_FILES = {
  endpointAdmit: "endpoint-admit-6",
  circuitFail: "circuit-fail-3",
  circuitSucceed: "circuit-succeed-3",
  linePark: "line-park-2",
  lineRelease: "line-release-3",
  digestNote: "digest-note-4",
  digestClaim: "digest-claim-4",
} as const;

type ScriptCall = (keys: readonly string[], args: ReadonlyArray<string | number>) => Promise<unknown>;
export type EndpointScripts = Record<keyof typeof SCRIPT_FILES, ScriptCall>;

const folder = new URL("./scripts/", import.meta.url);

function source(path: string): string {
  const text = readFileSync(new URL(`${path}.lua`, folder), "utf8");
  return text.replace(/^--! include ([\w-]+)$/gm, (_line, name: string) => source(`includes/${name}`));
}

// Read once per process, when this module loads.
const LOADED = Object.entries(SCRIPT_FILES).map(([caller, file]) => {
  // The connection may be shared with BullMQ, hence the herald prefix on the command name.
  return {
    caller,
    command: `herald${caller[0]!.toUpperCase()}${caller.slice(1)}`,
    keys: Number(/-(\d+)$/.exec(file)![1]),
    lua: source(file),
  };
});

/**
 * The endpoint scripts as callers on `redis`, each registered on the
 * connection once (ioredis defineCommand: EVALSHA, the script text sent again
 * only if Redis has lost it).
 */
export function endpointScripts(redis: RedisClient): EndpointScripts {
  const commands = redis as unknown as Record<
    string,
    ((...args: Array<string | number>) => Promise<unknown>) | undefined
  >;
  const callers: Record<string, ScriptCall> = {};
  for (const { caller, command, keys, lua } of LOADED) {
    if (typeof commands[command] !== "function") redis.defineCommand(command, { numberOfKeys: keys, lua });
    callers[caller] = (k, a) => commands[command]!(...k, ...a);
  }
  return callers as EndpointScripts;
}
