// Open-loop load: messages sent at a fixed rate whatever the answers, and what arrives at the receiver.
import { eventually } from "@herald/testkit";
import type { Ledger, PhaseContext } from "./phases.ts";
import type { Receiver } from "./processes.ts";
import { type LatencySummary, summarize } from "./stats.ts";

/**
 * Sends `total` requests at `rate` per second, each on its own schedule
 * whatever the answers. Failures are caught at once (one left pending while
 * the loop still sends would be an unhandled rejection, ending the bench with
 * Herald's processes left running) and the first is thrown once all are in.
 */
export async function openLoop({
  rate,
  total,
  label,
  progress,
  send,
}: {
  rate: number;
  total: number;
  label: string;
  progress: PhaseContext["progress"];
  send: (i: number, due: number) => Promise<unknown>;
}): Promise<void> {
  const started = performance.now();
  const inflight: Promise<unknown>[] = [];
  const failures: unknown[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(send(i, due).catch((err: unknown) => void failures.push(err)));
    if (i % rate === 0) progress(`  ${label} ${i}/${total}`);
  }
  await Promise.all(inflight);
  if (failures.length) throw failures[0];
}

/** Waits until the receiver holds `expected` unique deliveries and `recorded()` (if given) says they are recorded too. */
export async function awaitReceived({
  receiver,
  expected,
  timeoutMs,
  progress,
  recorded = async () => true,
}: {
  receiver: Receiver;
  expected: number;
  timeoutMs: number;
  progress: PhaseContext["progress"];
  recorded?: () => Promise<boolean>;
}): Promise<{ ms: number; ledger: Ledger }> {
  const started = performance.now();
  // Times out quietly: the ledger then shows what is missing.
  await eventually(
    async () => {
      const s = await receiver.stats();
      progress(`  received ${s.unique}/${expected}`, s.unique);
      return s.unique >= expected && (await recorded());
    },
    { timeoutMs, intervalMs: 50 },
  ).catch(() => undefined);
  const s = await receiver.stats();
  return { ms: performance.now() - started, ledger: { expected, unique: s.unique, duplicates: s.duplicates } };
}

/** How long each latency run warms up at its rate first, unmeasured: the figures are of warm processes. */
const WARM_UP_SECONDS = 1;

/**
 * Publish → receive at `rate` messages/s for `seconds`, open loop: each
 * message leaves on its own schedule, whatever the pace of what it goes
 * through, carrying its send time for the receiver. A second at the same rate
 * goes first, unmeasured, so a just-started process's first requests (lazy
 * loads, cold JIT) are not in the figures. The same for Herald and for the
 * references. `recorded` (when given) counts what the system has recorded as
 * done: a run ends when those are in too.
 */
export async function latencyRun({
  receiver,
  rate,
  seconds,
  windows,
  label,
  progress,
  send,
  recorded,
}: {
  receiver: Receiver;
  rate: number;
  seconds: number;
  windows: number;
  label: string;
  progress: PhaseContext["progress"];
  /** Sends message `i`; `warm` for the warm-up's. */
  send: (i: number, warm: boolean) => Promise<unknown>;
  recorded?: () => Promise<number>;
}): Promise<LatencySummary & { ledger: Ledger }> {
  const run = async (total: number, warm: boolean) => {
    await receiver.reset();
    const before = recorded ? await recorded() : 0;
    await openLoop({
      rate,
      total,
      label: warm ? `${label} (warm-up)` : label,
      progress,
      send: (i) => send(i, warm),
    });
    return awaitReceived({
      receiver,
      expected: total,
      timeoutMs: 120_000,
      progress,
      recorded: recorded ? async () => (await recorded()) - before >= total : undefined,
    });
  };
  await run(Math.round(rate * WARM_UP_SECONDS), true);
  const { ledger } = await run(Math.round(rate * seconds), false);
  const { latencies } = await receiver.stats();
  return { ...summarize(latencies, windows), ledger };
}
