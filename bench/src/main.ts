import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { HeraldClient } from "./herald-client.ts";
import { startHerald } from "./herald-stack.ts";
import { parseOptions } from "./options.ts";
import { endToEndPhase, fanoutPhase, ingestPhase, latencyPhase, type Ledger } from "./phases.ts";
import { root, startReceiver } from "./processes.ts";
import { bullmqNoopRate, gotPostRate, undiciPostRate } from "./references.ts";
import { round } from "./stats.ts";

const opts = parseOptions(process.argv.slice(2));
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const progress = (line: string) => process.stderr.write(`\r\x1b[K${line}`);
const step = (line: string) => process.stderr.write(`\r\x1b[K${line}\n`);

const receiver = await startReceiver();
const receiverUrl = `http://127.0.0.1:${receiver.port}`;
const body = JSON.stringify({ id: "0190f0e4-8a8b-7c3d-9e0f-123456789abc", event: "bench.e2e", created_at: new Date().toISOString(), tenant_id: null, data: { i: 1 } });

step("reference ceilings (same receiver, same body) ...");
const reference = {
  got_post_per_s: await gotPostRate({ url: `${receiverUrl}/ref`, body, total: opts.referenceRequests, concurrency: 50 }),
  undici_post_per_s: await undiciPostRate({ origin: receiverUrl, path: "/ref", body, total: opts.referenceRequests, concurrency: 50 }),
  bullmq_noop_per_s: await bullmqNoopRate({ redisUrl, prefix: `herald-bench-ref-${process.pid}`, total: opts.referenceRequests, concurrency: 50 }),
};

step(`starting Herald (API + ${opts.workers} worker(s) x ${opts.workerConcurrency}) ...`);
const stack = await startHerald({ workers: opts.workers, workerConcurrency: opts.workerConcurrency, redisUrl });
const client = new HeraldClient(stack.origin, stack.adminKey, opts.publishConcurrency);
const ctx = { client, stack, receiver, receiverUrl, progress };
const ledgers: Ledger[] = [];
try {
  step(`ingest: ${opts.ingestEvents} events, ${opts.publishConcurrency} concurrent publishers ...`);
  const ingest = await ingestPhase(ctx, { events: opts.ingestEvents, concurrency: opts.publishConcurrency });
  ledgers.push(ingest.ledger);
  step(`end to end: ${opts.e2eEvents} events x ${opts.webhooks} webhooks ...`);
  const e2e = await endToEndPhase(ctx, { events: opts.e2eEvents, webhooks: opts.webhooks, concurrency: opts.publishConcurrency });
  ledgers.push(e2e.ledger);
  step(`latency: ${opts.latencyRate} events/s open loop for ${opts.latencySeconds} s ...`);
  const latency = await latencyPhase(ctx, { rate: opts.latencyRate, seconds: opts.latencySeconds });
  ledgers.push(latency.ledger);
  step(`fan-out: one event to ${opts.fanout} webhooks ...`);
  const fanout = await fanoutPhase(ctx, { webhooks: opts.fanout });
  ledgers.push(fanout.ledger);

  const lost = ledgers.reduce((n, l) => n + Math.max(0, l.expected - l.unique), 0);
  const duplicated = ledgers.reduce((n, l) => n + l.duplicates, 0);
  const result = {
    ingest_per_s: round(ingest.perSecond),
    ingest_latency_ms: { p50: round(ingest.p50, 2), p99: round(ingest.p99, 2) },
    deliveries_per_s: round(e2e.perSecond),
    latency_ms: { p50: round(latency.p50, 2), p95: round(latency.p95, 2), p99: round(latency.p99, 2) },
    fanout_1000_ms: round(fanout.ms),
    reference: { got_post_per_s: round(reference.got_post_per_s), undici_post_per_s: round(reference.undici_post_per_s), bullmq_noop_per_s: round(reference.bullmq_noop_per_s) },
    ratios: {
      deliveries_vs_got_post: round(e2e.perSecond / reference.got_post_per_s, 3),
      deliveries_vs_undici_post: round(e2e.perSecond / reference.undici_post_per_s, 3),
      deliveries_vs_bullmq_noop: round(e2e.perSecond / reference.bullmq_noop_per_s, 3),
      ingest_vs_bullmq_noop: round(ingest.perSecond / reference.bullmq_noop_per_s, 3),
    },
    lost,
    duplicated,
    ledgers: { ingest: ingest.ledger, end_to_end: e2e.ledger, latency: latency.ledger, fanout: fanout.ledger },
    options: opts,
    machine: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model, memory_gb: round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    measured_at: new Date().toISOString(),
  };
  const out = path.resolve(root, opts.out);
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, JSON.stringify(result, null, 2) + "\n");
  step("");
  console.table({
    "events accepted/s": { value: result.ingest_per_s, note: `p50 ${result.ingest_latency_ms.p50} ms, p99 ${result.ingest_latency_ms.p99} ms` },
    "deliveries/s end to end": { value: result.deliveries_per_s, note: `${e2e.ledger.unique} in ${round(e2e.seconds, 2)} s` },
    "publish→receive p50 ms": { value: result.latency_ms.p50, note: `at ${opts.latencyRate}/s` },
    "publish→receive p95 ms": { value: result.latency_ms.p95, note: "" },
    "publish→receive p99 ms": { value: result.latency_ms.p99, note: "" },
    "fan-out to 1000, ms": { value: result.fanout_1000_ms, note: "one event" },
    "ref: got POST/s": { value: result.reference.got_post_per_s, note: `Herald = ${result.ratios.deliveries_vs_got_post}x` },
    "ref: undici POST/s": { value: result.reference.undici_post_per_s, note: `Herald = ${result.ratios.deliveries_vs_undici_post}x` },
    "ref: BullMQ no-op jobs/s": { value: result.reference.bullmq_noop_per_s, note: `Herald = ${result.ratios.deliveries_vs_bullmq_noop}x` },
    "lost / duplicated": { value: `${lost} / ${duplicated}`, note: "checked at the receiver" },
  });
  console.log(`wrote ${path.relative(root, out)}`);
  if (lost > 0) process.exitCode = 1;
} finally {
  await client.close();
  await stack.stop();
  receiver.stop();
}
