import { type ChildProcess, spawn } from "node:child_process";
import { eventually } from "@herald/testkit";

export interface ShellProcess {
  /** Everything it printed so far (stdout and stderr, interleaved as they came). */
  output(): string;
  /** Resolves once the output holds `text`; rejects if the process exits first or `timeoutMs` passes. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM to its whole process group (npm, node and what they started); resolves when bash has exited. */
  stop(): Promise<void>;
}

/**
 * A shell command run as a user would in a terminal of its own (`bash -c`), as the leader of a new
 * process group so that stopping it stops everything it started (`npm run dev` starts npm, node and
 * two node children).
 */
export function startShell(command: string, { cwd, env }: { cwd: string; env: NodeJS.ProcessEnv }): ShellProcess {
  const child: ChildProcess = spawn("bash", ["-c", command], { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.HERALD_TEST_LOGS) process.stderr.write(chunk);
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    output: () => output,
    async waitFor(text, timeoutMs = 90_000) {
      const seen = eventually(() => output.includes(text), { what: `"${text}" in the output of: ${command}`, timeoutMs });
      seen.catch(() => undefined);
      const died = exited.then(() => {
        if (!output.includes(text)) throw new Error(`exited (${child.exitCode}) before printing "${text}"`);
      });
      died.catch(() => undefined);
      try {
        await Promise.race([seen, died]);
      } catch (err) {
        throw new Error(`${(err as Error).message}; it printed:\n${output}`);
      }
    },
    async stop() {
      if (child.exitCode === null && child.pid) {
        try {
          process.kill(-child.pid, "SIGTERM");
        } catch {
          // the group is already gone
        }
      }
      await exited;
    },
  };
}
