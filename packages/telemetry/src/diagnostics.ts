import * as otel from "@opentelemetry/api";

// A collector that is down fails every export; one line a minute says so.
const PROBLEM_INTERVAL_MS = 60_000;

// The SDK's error handler hands errors over as JSON (stack included): the message is enough.
function messageOf(arg: unknown): string {
  if (arg instanceof Error) return arg.message;
  try {
    const parsed = JSON.parse(String(arg)) as { message?: unknown };
    if (typeof parsed?.message === "string") return parsed.message;
  } catch {
    // Not JSON: a plain message.
  }
  return String(arg);
}

/** Routes the SDK's own diagnostics (export failures) to `report`, rate-limited. */
export function diagnostics(): (report: (message: string) => void) => void {
  let report: ((message: string) => void) | undefined;
  let last = -Infinity;
  const problem = (...args: unknown[]) => {
    if (!report || Date.now() - last < PROBLEM_INTERVAL_MS) return;
    last = Date.now();
    report(args.map(messageOf).join(" "));
  };
  const quiet = () => undefined;
  otel.diag.setLogger(
    { error: problem, warn: problem, info: quiet, debug: quiet, verbose: quiet },
    { logLevel: otel.DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  return (listener) => (report = listener);
}
