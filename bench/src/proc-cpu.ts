import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

// Clock ticks per second, the unit of /proc/<pid>/stat's CPU times (100 on
// nearly every Linux; asked once rather than assumed).
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/**
 * Cumulative CPU time (user + system, all threads) of a process in ms, read
 * from /proc (the bench runs on Linux only), or null when it has exited.
 * Resolution is one clock tick (10 ms), fine over a phase of seconds.
 */
export function cpuMs(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return null;
  }
  // Field 2, the command name, may hold spaces and parentheses: count the fixed fields after its closing one.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of the line, 12th and 13th after the name.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / ticksPerSecond : null;
}

/** The kernel's name for a process (`postgres`, `redis-server`, `node`), or null when it is gone or not visible. */
export function processName(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return null;
  }
}
