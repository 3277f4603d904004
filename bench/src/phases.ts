import type { HeraldClient } from "./herald-client.ts";
import type { HeraldStack } from "./herald-stack.ts";
import type { Receiver } from "./processes.ts";
import { waitFor } from "./processes.ts";
import { percentile, pool } from "./stats.ts";

export interface PhaseContext {
  client: HeraldClient;
  stack: HeraldStack;
  receiver: Receiver;
  receiverUrl: string;
  progress: (line: string, count?: number) => void;
}

export interface Ledger {
  expected: number;
  unique: number;
  duplicates: number;
}

/** Waits until the receiver holds `expected` unique deliveries and Postgres has recorded them. */
async function drain(ctx: PhaseContext, expected: number, successBefore: number, timeoutMs: number): Promise<{ ms: number; ledger: Ledger }> {
  const started = performance.now();
  await waitFor(
    async () => {
      const s = await ctx.receiver.stats();
      ctx.progress(`  received ${s.unique}/${expected}`, s.unique);
      return s.unique >= expected && (await ctx.stack.successCount()) - successBefore >= expected;
    },
    { timeoutMs, intervalMs: 50 },
  );
  const s = await ctx.receiver.stats();
  return { ms: performance.now() - started, ledger: { expected, unique: s.unique, duplicates: s.duplicates } };
}

export async function ingestPhase(ctx: PhaseContext, { events, concurrency }: { events: number; concurrency: number }) {
  await ctx.client.createWebhook(`${ctx.receiverUrl}/ingest`, ["bench.ingest"]);
  await ctx.receiver.reset();
  const successBefore = await ctx.stack.successCount();
  const latencies: number[] = [];
  const started = performance.now();
  await pool(events, concurrency, async (i) => {
    latencies.push(await ctx.client.publish("bench.ingest", { i }));
    if (i % 500 === 0) ctx.progress(`  ingest ${i}/${events}`);
  });
  const seconds = (performance.now() - started) / 1000;
  const { ledger } = await drain(ctx, events, successBefore, 180_000);
  return { perSecond: events / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), ledger };
}

export async function endToEndPhase(ctx: PhaseContext, { events, webhooks, concurrency }: { events: number; webhooks: number; concurrency: number }) {
  for (let w = 0; w < webhooks; w++) await ctx.client.createWebhook(`${ctx.receiverUrl}/e2e/${w}`, ["bench.e2e"]);
  await ctx.receiver.reset();
  const successBefore = await ctx.stack.successCount();
  const expected = events * webhooks;
  const started = performance.now();
  await pool(events, concurrency, async (i) => void (await ctx.client.publish("bench.e2e", { i })));
  const { ledger } = await drain(ctx, expected, successBefore, 300_000);
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: ledger.unique / seconds, seconds, ledger };
}

export async function latencyPhase(ctx: PhaseContext, { rate, seconds }: { rate: number; seconds: number }) {
  await ctx.client.createWebhook(`${ctx.receiverUrl}/lat`, ["bench.lat"]);
  await ctx.receiver.reset();
  const successBefore = await ctx.stack.successCount();
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inflight: Promise<unknown>[] = [];
  // Open loop: each event leaves on its own schedule, whatever the API's pace.
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inflight.push(ctx.client.publish("bench.lat", { i, sent_at: performance.timeOrigin + performance.now() }));
    if (i % rate === 0) ctx.progress(`  open loop ${i}/${total}`);
  }
  await Promise.all(inflight);
  const { ledger } = await drain(ctx, total, successBefore, 120_000);
  const { latencies } = await ctx.receiver.stats();
  return { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99), ledger };
}

export async function fanoutPhase(ctx: PhaseContext, { webhooks }: { webhooks: number }) {
  await pool(webhooks, 16, async (w) => void (await ctx.client.createWebhook(`${ctx.receiverUrl}/fan/${w}`, ["bench.fanout"])));
  await ctx.receiver.reset();
  const successBefore = await ctx.stack.successCount();
  const started = performance.now();
  await ctx.client.publish("bench.fanout", { big: true });
  const { ledger } = await drain(ctx, webhooks, successBefore, 120_000);
  return { ms: performance.now() - started, ledger };
}
