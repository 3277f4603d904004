import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { HeraldClient } from "./herald-client.ts";
import { obliterate, startNaive, workerConnected } from "./naive-stack.ts";
import { latencyRun } from "./open-loop.ts";
import type { Ledger, PhaseContext } from "./phases.ts";
import { type Receiver, startBenchScript, stopProcesses } from "./processes.ts";
import { type LatencySummary, unixNow } from "./stats.ts";

// The latency references of the same run (issue 22 item 8): what a publish →
// receive at the same open-loop rate costs through a bare queue and through
// a naive full pipeline, each to the same receiver as Herald's deliveries.

export interface PipelineRun {
  receiver: Receiver;
  receiverUrl: string;
  redisUrl: string;
  rate: number;
  seconds: number;
  windows: number;
  workerConcurrency: number;
  progress: PhaseContext["progress"];
}

export type PipelineLatency = LatencySummary & { ledger: Ledger };

const measure = (run: PipelineRun, label: string, send: (i: number) => Promise<unknown>) =>
  latencyRun({ ...run, label, send });

/**
 * A bare BullMQ + got pipeline: the bench adds one job per message carrying
 * its send time, and a worker process (bare-worker.ts) POSTs each to the
 * receiver. Latency = receipt - send.
 */
export async function barePipelinePhase(run: PipelineRun): Promise<PipelineLatency> {
  const prefix = `herald-bench-bare-${process.pid}`;
  const worker = startBenchScript({
    name: "bare-worker",
    script: "bare-worker.ts",
    env: {
      REDIS_URL: run.redisUrl,
      QUEUE_PREFIX: prefix,
      TARGET_URL: `${run.receiverUrl}/lat/bare`,
      WORKER_CONCURRENCY: String(run.workerConcurrency),
    },
  });
  const connection = new Redis(run.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue("bare", { connection, prefix });
  try {
    if (!(await workerConnected({ name: "bare", redisUrl: run.redisUrl, prefix })))
      throw new Error("the bare pipeline's worker did not connect within 30 s");
    return await measure(run, "bare pipeline", (i) =>
      queue.add("post", { data: { i, sent_at: unixNow() } }, { removeOnComplete: true, removeOnFail: true }),
    );
  } finally {
    await stopProcesses([worker], 5_000);
    await queue.close();
    connection.disconnect();
    await obliterate({ name: "bare", redisUrl: run.redisUrl, prefix });
  }
}

/**
 * The naive full pipeline: Express publish → INSERT event + delivery, commit
 * → BullMQ add (naive-app.ts) → a worker process SELECTs, POSTs with got and
 * UPDATEs (naive-worker.ts). Published by the same client as Herald's.
 */
export async function naivePipelinePhase(run: PipelineRun): Promise<PipelineLatency> {
  const naive = await startNaive({
    eventType: "bench.lat",
    webhookUrl: `${run.receiverUrl}/lat/naive`,
    pipeline: {
      redisUrl: run.redisUrl,
      prefix: `herald-bench-naive-${process.pid}`,
      workerConcurrency: run.workerConcurrency,
    },
  });
  const client = new HeraldClient(naive.origin, null);
  try {
    return await measure(run, "naive pipeline", (i) => client.publish("bench.lat", { i, sent_at: unixNow() }));
  } finally {
    await client.close();
    await naive.stop();
  }
}
