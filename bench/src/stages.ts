import { randomBytes } from "node:crypto";
import { type ReceivedSpan, startOtlpReceiver } from "@herald/fault-suite";
import { HeraldClient } from "./herald-client.ts";
import type { HeraldStack } from "./herald-stack.ts";
import { latencyRun } from "./open-loop.ts";
import type { Ledger, PhaseContext } from "./phases.ts";
import type { Receiver } from "./processes.ts";
import { type LatencySummary, type Sample, summarize, unixNow } from "./stats.ts";

/**
 * Herald's publish → receive, stage by stage, from the OpenTelemetry spans
 * the API and the worker already emit: the bench is their collector. Each
 * publish sends a traceparent of the bench's, so its request span, its job's
 * span and the job's steps share a trace id the bench knows the send time of;
 * the batch that stored it links to the request span.
 *
 * request: send → the batch's INSERT starts (HTTP, parsing, waiting for a batch)
 * commit: the INSERT (and its commit)      enqueue: the batch's addBulk
 * pickup: enqueued → the worker's job span starts
 * load, admission, post, record: the job's step spans (post: the attempt's HTTP span, receipt inside)
 * worker_other: the rest of the job span (checks, signing, settle, logging)
 *
 * Durations within a span are exact; a stage between two spans (request,
 * pickup) is as good as the SDK's start times, which it takes from Date.now():
 * to the millisecond.
 */
export const STAGES = [
  "request",
  "commit",
  "enqueue",
  "pickup",
  "load",
  "admission",
  "post",
  "record",
  "worker_other",
] as const;
type Stage = (typeof STAGES)[number];

export interface StageFigures {
  /** Publish → receive of this traced run, to set beside the untraced latency phase (tracing has a cost). */
  publish_to_receive: LatencySummary;
  /** Publish → the API's answer. */
  publish_answered: LatencySummary;
  stages: Record<Stage, LatencySummary>;
  /** Publishes whose every span arrived and joined (the rest are left out). */
  joined: number;
  ledger: Ledger;
}

const dur = (s: ReceivedSpan) => s.endMs - s.startMs;

/** Each publish's stages, from the spans and the send time of each trace id. */
function stageSamples(spans: ReceivedSpan[], sentAt: Map<string, number>) {
  const children = new Map<string, ReceivedSpan[]>();
  for (const s of spans) {
    const siblings = children.get(s.parentSpanId);
    if (siblings) siblings.push(s);
    else children.set(s.parentSpanId, [s]);
  }
  const child = (parent: ReceivedSpan, name: string) => children.get(parent.spanId)?.find((s) => s.name === name);
  // The batch that stored each request, by the request span's id (a batch links to every request it serves).
  const batchOf = new Map<string, { insert: ReceivedSpan; send: ReceivedSpan }>();
  for (const batch of spans.filter((s) => s.name === "publish batch")) {
    const insert = child(batch, "INSERT events");
    const send = child(batch, "send deliver");
    if (insert && send) for (const link of batch.links) batchOf.set(link.spanId, { insert, send });
  }
  const samples = Object.fromEntries(STAGES.map((stage) => [stage, [] as Sample[]])) as Record<Stage, Sample[]>;
  const answered: Sample[] = [];
  for (const request of spans.filter((s) => s.kind === 2 && sentAt.has(s.traceId))) {
    const at = sentAt.get(request.traceId)!;
    const batch = batchOf.get(request.spanId);
    // The first run of the job that made an attempt (at this rate, the only one).
    const job = (children.get(request.spanId) ?? [])
      .filter((s) => s.kind === 5 && child(s, "POST"))
      .sort((a, b) => a.startMs - b.startMs)[0];
    const steps = job && (["load delivery", "admit", "POST", "record attempt"] as const).map((n) => child(job, n));
    if (!batch || !job || !steps || steps.some((s) => !s)) continue;
    const [load, admit, post, record] = steps as ReceivedSpan[];
    const figures: Record<Stage, number> = {
      request: batch.insert.startMs - at,
      commit: dur(batch.insert),
      enqueue: dur(batch.send),
      pickup: job.startMs - batch.send.endMs,
      load: dur(load!),
      admission: dur(admit!),
      post: dur(post!),
      record: dur(record!),
      worker_other: dur(job) - dur(load!) - dur(admit!) - dur(post!) - dur(record!),
    };
    for (const stage of STAGES) samples[stage].push({ at, ms: figures[stage] });
    answered.push({ at, ms: request.endMs - at });
  }
  return { samples, answered };
}

/**
 * Starts Herald with tracing on (its own stack: tracing costs CPU, so the
 * other phases run without it), publishes at `rate`/s for `seconds` to one
 * webhook, and cuts each publish → receive into its stages.
 */
export async function stagesPhase({
  startStack,
  receiver,
  receiverUrl,
  rate,
  seconds,
  windows,
  progress,
}: {
  startStack: (env: Record<string, string>) => Promise<HeraldStack>;
  receiver: Receiver;
  receiverUrl: string;
  rate: number;
  seconds: number;
  windows: number;
  progress: PhaseContext["progress"];
}): Promise<StageFigures> {
  const otlp = await startOtlpReceiver();
  const stack = await startStack({
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_BSP_SCHEDULE_DELAY: "500",
    // Metrics are not read here: once an hour is never, within a phase.
    OTEL_METRIC_EXPORT_INTERVAL: "3600000",
  });
  const client = new HeraldClient(stack.origin, stack.adminKey);
  const sentAt = new Map<string, number>();
  try {
    await client.createWebhook(`${receiverUrl}/lat/traced`, ["bench.lat"]);
    const run = await latencyRun({
      receiver,
      rate,
      seconds,
      windows,
      label: "traced open loop",
      progress,
      send: (i, warm) => {
        const traceId = randomBytes(16).toString("hex");
        const at = unixNow();
        if (!warm) sentAt.set(traceId, at);
        const traceparent = `00-${traceId}-${randomBytes(8).toString("hex")}-01`;
        return client.publish("bench.lat", { i, sent_at: at }, { traceparent });
      },
      recorded: () => stack.successCount(),
    });
    await client.close();
    // A graceful stop exports what the processes still buffer.
    await stack.stop();
    const { samples, answered } = stageSamples(otlp.spans, sentAt);
    return {
      publish_to_receive: run,
      publish_answered: summarize(answered, windows),
      stages: Object.fromEntries(STAGES.map((s) => [s, summarize(samples[s], windows)])) as Record<
        Stage,
        LatencySummary
      >,
      joined: answered.length,
      ledger: run.ledger,
    };
  } catch (err) {
    await client.close();
    await stack.stop();
    throw err;
  } finally {
    await otlp.close();
  }
}
