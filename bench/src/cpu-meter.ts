import { Redis } from "ioredis";
import type { HeraldStack } from "./herald-stack.ts";
import { cpuMs, processName } from "./proc-cpu.ts";

export const CPU_GROUPS = ["api", "worker", "postgres", "redis"] as const;
type CpuGroup = (typeof CPU_GROUPS)[number];

/** Cumulative CPU ms of each process, by group, at one instant; null when the group's processes are not visible here. */
export type CpuSample = Record<CpuGroup, Map<number, number> | null>;
/** CPU ms spent between two samples, by group. */
export type CpuSpent = Record<CpuGroup, number | null>;

export interface CpuMeter {
  sample(): Promise<CpuSample>;
  close(): void;
}

/**
 * Reads, from the OS, the CPU time of every process that does Herald's work:
 * the API and worker processes, the Postgres backends connected to the bench
 * database, and the Redis server. Redis is shared with other developers (and
 * the bench's own queue traffic of other runs), so whatever else loads it
 * during a phase is counted too: its figure is an upper bound.
 */
export function cpuMeter({ stack, redisUrl }: { stack: HeraldStack; redisUrl: string }): CpuMeter {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const redisPid = async () => Number(/process_id:(\d+)/.exec(await redis.info("server"))?.[1] ?? NaN);
  return {
    async sample() {
      const [backends, redisServer] = await Promise.all([stack.backendPids(), redisPid()]);
      return {
        api: read([stack.pids.api], null),
        worker: read(stack.pids.workers, null),
        // A Postgres or Redis in a container reports pids of its own namespace: the name check keeps those from being read as some other local process.
        postgres: read(backends, "postgres"),
        redis: read([redisServer], "redis-server"),
      };
    },
    close: () => redis.disconnect(),
  };
}

/** CPU ms of each of `pids` that is a live process named `name` (null: our own children, no check needed). */
function read(pids: number[], name: string | null): Map<number, number> | null {
  const times = new Map<number, number>();
  for (const pid of pids) {
    if (!Number.isInteger(pid) || (name !== null && processName(pid) !== name)) continue;
    const ms = cpuMs(pid);
    if (ms !== null) times.set(pid, ms);
  }
  return times.size || pids.length === 0 ? times : null;
}

/**
 * CPU ms spent from `before` to `after`. A process in both counts its delta;
 * one only in `after` (a backend the pool opened during the phase) started
 * after `before` was taken, so all its time is in the phase; one that exited
 * in between is lost (the pools keep backends alive, so that is rare).
 */
export function cpuSpent(before: CpuSample, after: CpuSample): CpuSpent {
  const spent = (group: CpuGroup) => {
    const b = before[group];
    const a = after[group];
    if (!a || !b) return null;
    let ms = 0;
    for (const [pid, now] of a) {
      const then = b.get(pid);
      // A smaller time than before is a new process with a reused pid.
      ms += then !== undefined && now >= then ? now - then : now;
    }
    return ms;
  };
  return { api: spent("api"), worker: spent("worker"), postgres: spent("postgres"), redis: spent("redis") };
}
