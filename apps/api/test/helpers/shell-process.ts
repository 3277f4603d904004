import { type ChildProcess, spawn } from "node:child_process";
import { eventually } from "@herald/testkit";

export interface ShellProcess {
  /** Everything it printed so far (stdout and stderr, interleaved as they came). */
  output(): string;
  /** Resolves once the output holds `text`; rejects if the shell exits first or `timeoutMs` passes. */
  waitFor(text: string, timeoutMs?: number): Promise<void>;
  /** SIGTERM to its whole process group (npm, node and what they started); resolves when bash has exited. */
  stop(): Promise<void>;
}

export interface Terminal extends ShellProcess {
  /** Types `code` and waits until it finishes: its exit status and what it printed. */
  run(code: string, timeoutMs?: number): Promise<{ status: number; output: string }>;
  /** Types `code` and returns at once: for a command that keeps running (a server). */
  type(code: string): void;
}

interface Options {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * A shell command run as a user would in a terminal of its own (`bash -c`), as the leader of a new
 * process group so that stopping it stops everything it started (`npm run dev` starts npm, node and
 * two node children).
 */
export function startShell(command: string, options: Options): ShellProcess {
  return shell(["-c", command], command, options);
}

/**
 * A terminal: one bash that reads what is typed into it, so `cd` and `export` carry over from one
 * command to the next, as they do for a user following a page of instructions.
 */
export function startTerminal(name: string, options: Options): Terminal {
  const process_ = shell([], name, options);
  let commands = 0;
  return {
    ...process_,
    async run(code, timeoutMs = 180_000) {
      const marker = `__terminal_${name}_done_${++commands}__`;
      const from = process_.output().length;
      process_.write(`${code}\necho "${marker} $?"\n`);
      await process_.waitFor(marker, timeoutMs);
      const printed = process_.output().slice(from);
      const status = Number(new RegExp(`${marker} (\\d+)`).exec(printed)![1]);
      return { status, output: printed.slice(0, printed.indexOf(marker)) };
    },
    type(code) {
      process_.write(`${code}\n`);
    },
  };
}

function shell(args: string[], what: string, { cwd, env }: Options): ShellProcess & { write(text: string): void } {
  const child: ChildProcess = spawn("bash", args, { cwd, env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
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
    write: (text) => child.stdin!.write(text),
    async waitFor(text, timeoutMs = 90_000) {
      const seen = eventually(() => output.includes(text), { what: `"${text}" in the output of: ${what}`, timeoutMs });
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
