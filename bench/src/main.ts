import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { cpuMeter } from "./cpu-meter.ts";
import { HeraldClient } from "./herald-client.ts";
import { type HeraldStackOptions, startHerald } from "./herald-stack.ts";
import { historyPhase } from "./history.ts";
import { parseOptions } from "./options.ts";
import {
  endToEndPhase,
  fanoutPhase,
  fifoPhase,
  ingestPhase,
  latencyPhase,
  naiveIngestPhase,
  openLoopIngestPhase,
} from "./phases.ts";
import { noisyNeighbourPhase } from "./noisy-neighbour.ts";
import { barePipelinePhase, naivePipelinePhase } from "./pipelines.ts";
import { root, startReceiver } from "./processes.ts";
import { bullmqNoopRate, gotPostRate, undiciPostRate } from "./references.ts";
import { buildReport, printDetails, printReport, type Measured } from "./report.ts";
import { stagesPhase } from "./stages.ts";

const opts = parseOptions(process.argv.slice(2));
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const tty = process.stderr.isTTY;
// One progress line, rewritten in place on a terminal and at most every 2 s in a log.
let lastProgress = 0;
const progress = (line: string) => {
  if (tty) return void process.stderr.write(`\r\x1b[K${line}`);
  if (Date.now() - lastProgress < 2000) return;
  lastProgress = Date.now();
  process.stderr.write(`${line}\n`);
};
const step = (line: string) => process.stderr.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`);
const wants = (phase: string) => opts.phases.has(phase);

const receiver = await startReceiver();
const receiverUrl = `http://127.0.0.1:${receiver.port}`;
const body = JSON.stringify({
  id: "0190f0e4-8a8b-7c3d-9e0f-123456789abc",
  event: "bench.e2e",
  created_at: new Date().toISOString(),
  tenant_id: null,
  data: { i: 1 },
});
const measured: Measured = {};

if (wants("reference")) {
  step("reference ceilings (same receiver, same body) ...");
  const total = opts.referenceRequests;
  measured.reference = {
    got_post_per_s: await gotPostRate({ url: `${receiverUrl}/ref`, body, total, concurrency: 50 }),
    undici_post_per_s: await undiciPostRate({ origin: receiverUrl, path: "/ref", body, total, concurrency: 50 }),
    bullmq_noop_per_s: await bullmqNoopRate({
      redisUrl,
      prefix: `herald-bench-ref-${process.pid}`,
      total,
      concurrency: 50,
    }),
  };
}

if (wants("naive")) {
  // Before Herald starts, as the other references: the naive app has the machine to itself.
  step(`naive ingest reference: ${opts.ingestEvents} events, ${opts.publishConcurrency} concurrent publishers ...`);
  measured.naive = await naiveIngestPhase({
    events: opts.ingestEvents,
    concurrency: opts.publishConcurrency,
    progress,
  });
}

if (wants("pipelines")) {
  // References too: before Herald starts, at the latency phase's rate and length.
  const run = {
    receiver,
    receiverUrl,
    redisUrl,
    rate: opts.latencyRate,
    seconds: opts.latencySeconds,
    windows: opts.latencyWindows,
    workerConcurrency: opts.workerConcurrency,
    progress,
  };
  step(`bare pipeline reference: BullMQ + got at ${opts.latencyRate}/s for ${opts.latencySeconds} s ...`);
  measured.barePipeline = await barePipelinePhase(run);
  step(`naive pipeline reference: Express + INSERT + BullMQ + worker at ${opts.latencyRate}/s ...`);
  measured.naivePipeline = await naivePipelinePhase(run);
}

const stackOptions: HeraldStackOptions = {
  workers: opts.workers,
  workerConcurrency: opts.workerConcurrency,
  partitions: opts.partitions,
  redisUrl,
};
step(`starting Herald (API + ${opts.workers} worker(s) x ${opts.workerConcurrency}) ...`);
const stack = await startHerald(stackOptions);
const client = new HeraldClient(stack.origin, stack.adminKey, opts.publishConcurrency);
const cpu = cpuMeter({ stack, redisUrl });
const ctx = { client, stack, receiver, receiverUrl, progress, cpu };
try {
  if (wants("ingest")) {
    step(`ingest: ${opts.ingestEvents} events, ${opts.publishConcurrency} concurrent publishers ...`);
    measured.ingest = await ingestPhase(ctx, { events: opts.ingestEvents, concurrency: opts.publishConcurrency });
  }
  if (wants("e2e")) {
    step(`end to end: ${opts.e2eEvents} events x ${opts.webhooks} webhooks ...`);
    measured.e2e = await endToEndPhase(ctx, {
      events: opts.e2eEvents,
      webhooks: opts.webhooks,
      concurrency: opts.publishConcurrency,
    });
  }
  if (wants("latency")) {
    step(`latency: ${opts.latencyRate} events/s open loop for ${opts.latencySeconds} s ...`);
    measured.latency = await latencyPhase(ctx, {
      rate: opts.latencyRate,
      seconds: opts.latencySeconds,
      windows: opts.latencyWindows,
    });
  }
  if (wants("fanout")) {
    step(`fan-out: one event to ${opts.fanout} webhooks ...`);
    measured.fanout = await fanoutPhase(ctx, { webhooks: opts.fanout });
  }
  // Last, so the phases before it run as they did before it existed.
  if (wants("openloop")) {
    step(`open-loop ingest: ${opts.openLoopRate} events/s for ${opts.openLoopSeconds} s ...`);
    measured.openLoop = await openLoopIngestPhase(ctx, { rate: opts.openLoopRate, seconds: opts.openLoopSeconds });
  }
  if (wants("fifo")) {
    step(`FIFO: ${opts.fifoEvents} events to one ordered endpoint ...`);
    measured.fifo = await fifoPhase(ctx, { events: opts.fifoEvents, concurrency: opts.publishConcurrency });
  }
  // After every other phase: the attack's large events and costly filter must not colour their figures.
  if (wants("noisy")) {
    step(
      `noisy neighbour: B at ${opts.noisyRate}/s, ${opts.noisyWindows} quiet and attack windows of ${opts.noisySeconds} s ...`,
    );
    measured.noisy = await noisyNeighbourPhase(ctx, {
      rate: opts.noisyRate,
      seconds: opts.noisySeconds,
      windows: opts.noisyWindows,
    });
  }
  // Last on this stack: the history stays in its database.
  if (wants("history")) {
    step(`history: ${opts.historyDeliveries} deliveries over ${opts.historyDays} days, then e2e, latency, console ...`);
    measured.history = await historyPhase(ctx, {
      deliveries: opts.historyDeliveries,
      days: opts.historyDays,
      requests: opts.historyRequests,
      e2e: wants("e2e")
        ? { events: opts.e2eEvents, webhooks: opts.webhooks, concurrency: opts.publishConcurrency }
        : null,
      latency: wants("latency")
        ? { rate: opts.latencyRate, seconds: opts.latencySeconds, windows: opts.latencyWindows }
        : null,
    });
  }
} catch (err) {
  // The receiver's process would keep this one alive.
  receiver.stop();
  throw err;
} finally {
  cpu.close();
  await client.close();
  await stack.stop();
}
try {
  // A stack of its own, traced, so the phases above ran without tracing's cost.
  if (wants("stages")) {
    step(`stages: Herald traced, ${opts.latencyRate} events/s for ${opts.latencySeconds} s ...`);
    measured.stages = await stagesPhase({
      startStack: (env) => startHerald({ ...stackOptions, env }),
      receiver,
      receiverUrl,
      rate: opts.latencyRate,
      seconds: opts.latencySeconds,
      windows: opts.latencyWindows,
      progress,
    });
  }
} finally {
  receiver.stop();
}
const report = buildReport(measured, opts);
const out = path.resolve(root, opts.out);
await mkdir(path.dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(report, null, 2) + "\n");
step("");
printReport(report, measured, opts);
printDetails(report);
console.log(`wrote ${path.relative(root, out)}`);
if (report.lost > 0 || (report.fifo?.order_violations ?? 0) > 0) process.exitCode = 1;
// Pools and agents of the reference runs would keep the process alive.
process.exit();
