import { cpuSpent, type CpuMeter, type CpuSpent } from "./cpu-meter.ts";
import { HeraldClient } from "./herald-client.ts";
import type { HeraldStack } from "./herald-stack.ts";
import { startNaive } from "./naive-stack.ts";
import type { Receiver } from "./processes.ts";
import { awaitReceived, latencyRun, openLoop } from "./open-loop.ts";
import { percentile, pool, unixNow } from "./stats.ts";

export interface PhaseContext {
  client: HeraldClient;
  stack: HeraldStack;
  receiver: Receiver;
  receiverUrl: string;
  progress: (line: string, count?: number) => void;
  /** Reads the CPU time of Herald's processes, Postgres and Redis (the end-to-end phase's cost). */
  cpu?: CpuMeter;
}

export interface Ledger {
  expected: number;
  unique: number;
  duplicates: number;
}

/** Waits until the receiver holds `expected` unique deliveries and Postgres has recorded them. */
function drain(ctx: PhaseContext, expected: number, successBefore: number, timeoutMs: number) {
  return awaitReceived({
    receiver: ctx.receiver,
    expected,
    timeoutMs,
    progress: ctx.progress,
    recorded: async () => (await ctx.stack.successCount()) - successBefore >= expected,
  });
}

/** `concurrency` publishers, each sending its next event when the last is answered, until `events` are accepted. */
async function closedLoop(
  client: HeraldClient,
  {
    label,
    events,
    concurrency,
    progress,
  }: { label: string; events: number; concurrency: number; progress: PhaseContext["progress"] },
) {
  const latencies: number[] = [];
  const started = performance.now();
  await pool(events, concurrency, async (i) => {
    latencies.push(await client.publish("bench.ingest", { i }));
    if (i % 500 === 0) progress(`  ${label} ${i}/${events}`);
  });
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: events / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

export async function ingestPhase(ctx: PhaseContext, { events, concurrency }: { events: number; concurrency: number }) {
  await ctx.client.createWebhook(`${ctx.receiverUrl}/ingest`, ["bench.ingest"]);
  await ctx.receiver.reset();
  const successBefore = await ctx.stack.successCount();
  const rate = await closedLoop(ctx.client, { label: "ingest", events, concurrency, progress: ctx.progress });
  const { ledger } = await drain(ctx, events, successBefore, 180_000);
  return { ...rate, ledger };
}

/**
 * The ingest phase's closed loop against the naive ingest app (naive-stack.ts)
 * instead of Herald: same publishers, same body, one subscribed webhook, no
 * auth. Every event and delivery row must be in its database afterwards, so a
 * failing insert can not pass for a fast one.
 */
export async function naiveIngestPhase({
  events,
  concurrency,
  progress,
}: {
  events: number;
  concurrency: number;
  progress: PhaseContext["progress"];
}) {
  const naive = await startNaive({ eventType: "bench.ingest" });
  const client = new HeraldClient(naive.origin, null, concurrency);
  try {
    const rate = await closedLoop(client, { label: "naive ingest", events, concurrency, progress });
    const rows = await naive.rowCounts();
    if (rows.events !== events || rows.deliveries !== events)
      throw new Error(
        `naive ingest stored ${rows.events} events and ${rows.deliveries} deliveries for ${events} accepted`,
      );
    return rate;
  } finally {
    await client.close();
    await naive.stop();
  }
}

/** `tag` names the event type and paths of a run (`bench.e2e`, `/e2e/<w>`), so a second run has webhooks of its own. */
export async function endToEndPhase(
  ctx: PhaseContext,
  {
    events,
    webhooks,
    concurrency,
    tag = "e2e",
  }: { events: number; webhooks: number; concurrency: number; tag?: string },
) {
  const type = `bench.${tag}`;
  for (let w = 0; w < webhooks; w++) await ctx.client.createWebhook(`${ctx.receiverUrl}/${tag}/${w}`, [type]);
  await ctx.receiver.reset();
  const successBefore = await ctx.stack.successCount();
  const expected = events * webhooks;
  const cpuBefore = await ctx.cpu?.sample();
  const started = performance.now();
  await pool(events, concurrency, async (i) => void (await ctx.client.publish(type, { i })));
  const { ledger } = await drain(ctx, expected, successBefore, 300_000);
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = await ctx.cpu?.sample();
  const cpu: CpuSpent | null = cpuBefore && cpuAfter ? cpuSpent(cpuBefore, cpuAfter) : null;
  return { perSecond: ledger.unique / seconds, seconds, ledger, cpu };
}

/**
 * Publish → receive at `rate` events/s, open loop, to one webhook; the figures
 * per window too. `tag` names the event type and path (`bench.lat`, `/lat`).
 */
export async function latencyPhase(
  ctx: PhaseContext,
  { rate, seconds, windows, tag = "lat" }: { rate: number; seconds: number; windows: number; tag?: string },
) {
  const type = `bench.${tag}`;
  await ctx.client.createWebhook(`${ctx.receiverUrl}/lat${tag === "lat" ? "" : `/${tag}`}`, [type]);
  return latencyRun({
    receiver: ctx.receiver,
    rate,
    seconds,
    windows,
    label: "open loop",
    progress: ctx.progress,
    send: (i) => ctx.client.publish(type, { i, sent_at: unixNow() }),
    recorded: () => ctx.stack.successCount(),
  });
}

export async function fanoutPhase(ctx: PhaseContext, { webhooks }: { webhooks: number }) {
  await pool(
    webhooks,
    16,
    async (w) => void (await ctx.client.createWebhook(`${ctx.receiverUrl}/fan/${w}`, ["bench.fanout"])),
  );
  await ctx.receiver.reset();
  const successBefore = await ctx.stack.successCount();
  const started = performance.now();
  await ctx.client.publish("bench.fanout", { big: true });
  const { ledger } = await drain(ctx, webhooks, successBefore, 120_000);
  return { ms: performance.now() - started, ledger };
}

/**
 * Ingest request latency at a fixed offered rate: requests leave on schedule
 * whatever the answers (as in latencyPhase), so a slow answer can not slow the
 * load the way the closed loop's publishers are. Latency counts from when a
 * request was due, not when it left, so a late send is counted as the wait a
 * real publisher would have seen.
 */
export async function openLoopIngestPhase(ctx: PhaseContext, { rate, seconds }: { rate: number; seconds: number }) {
  await ctx.client.createWebhook(`${ctx.receiverUrl}/openloop`, ["bench.openloop"]);
  await ctx.receiver.reset();
  const successBefore = await ctx.stack.successCount();
  const total = Math.round(rate * seconds);
  const latencies: number[] = [];
  await openLoop({
    rate,
    total,
    label: "open-loop ingest",
    progress: ctx.progress,
    send: async (i, due) => {
      await ctx.client.publish("bench.openloop", { i });
      latencies.push(performance.now() - due);
    },
  });
  const { ledger } = await drain(ctx, total, successBefore, 120_000);
  return { rate, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ledger };
}

/**
 * One FIFO endpoint (ordering: fifo) and `events` published by `concurrency`
 * publishers: how many deliveries per second the line sustains (from the first
 * publish to the last delivery received), and how many arrived out of line
 * order (deliveries.seq, the order of acceptance; must be 0).
 */
export async function fifoPhase(ctx: PhaseContext, { events, concurrency }: { events: number; concurrency: number }) {
  await ctx.client.createWebhook(`${ctx.receiverUrl}/fifo`, ["bench.fifo"], { ordering: "fifo" });
  await ctx.receiver.reset();
  const successBefore = await ctx.stack.successCount();
  const started = performance.now();
  await pool(events, concurrency, async (i) => void (await ctx.client.publish("bench.fifo", { i })));
  const { ledger } = await drain(ctx, events, successBefore, 600_000);
  const seconds = (performance.now() - started) / 1000;
  const order = (await ctx.receiver.stats()).fifoOrder;
  const seq = await ctx.stack.lineSeqOf(order);
  let violations = 0;
  let highest = -Infinity;
  for (const id of order) {
    const place = seq.get(id) ?? Infinity;
    if (place < highest) violations++;
    else highest = place;
  }
  return { perSecond: events / seconds, orderViolations: violations, ledger };
}
