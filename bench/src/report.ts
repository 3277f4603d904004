import os from "node:os";
import { CPU_GROUPS, type CpuSpent } from "./cpu-meter.ts";
import type { BenchOptions } from "./options.ts";
import type { HistoryFigures } from "./history.ts";
import type { NoisyNeighbourFigures } from "./noisy-neighbour.ts";
import type { Ledger } from "./phases.ts";
import type { PipelineLatency } from "./pipelines.ts";
import { STAGES, type StageFigures } from "./stages.ts";
import { type LatencySummary, round } from "./stats.ts";

export interface Measured {
  reference?: { got_post_per_s: number; undici_post_per_s: number; bullmq_noop_per_s: number };
  /** The same closed loop against the naive ingest app (no ledger: it delivers nothing). */
  naive?: { perSecond: number; p50: number; p99: number };
  ingest?: { perSecond: number; p50: number; p99: number; ledger: Ledger };
  e2e?: { perSecond: number; seconds: number; ledger: Ledger; cpu: CpuSpent | null };
  latency?: LatencySummary & { ledger: Ledger };
  barePipeline?: PipelineLatency;
  naivePipeline?: PipelineLatency;
  stages?: StageFigures;
  history?: HistoryFigures;
  fanout?: { ms: number; ledger: Ledger };
  openLoop?: { rate: number; p50: number; p99: number; ledger: Ledger };
  fifo?: { perSecond: number; orderViolations: number; ledger: Ledger };
  noisy?: NoisyNeighbourFigures;
}

const ratio = (a?: number, b?: number) => (a !== undefined && b ? round(a / b, 3) : null);

/** A latency summary as the report gives it: p50/p95/p99 and p50/p99 per window. */
const latencyOut = (l: LatencySummary) => ({
  p50: l.p50,
  p95: l.p95,
  p99: l.p99,
  windows: l.windows.map((w) => ({ p50: w.p50, p99: w.p99 })),
});
const pipelineOut = (l?: PipelineLatency) =>
  l ? { ...latencyOut(l), received: l.ledger.unique, expected: l.ledger.expected } : null;

/** Console calls over the history whose p99 is above this: the bound. */
const CONSOLE_P99_MS = 100;

function historyOut(h: HistoryFigures | undefined, m: Measured) {
  if (!h) return null;
  const cpu = cpuPerDelivery(h.e2e ?? undefined);
  return {
    size: h.size,
    load_seconds: h.load_seconds,
    deliveries_per_s: h.e2e ? round(h.e2e.perSecond) : null,
    cpu_ms_per_delivery: cpu,
    latency_ms: h.latency ? latencyOut(h.latency) : null,
    // History over the figures of the same run on the (nearly) empty database: the target is at most 1.2.
    vs_empty: {
      deliveries_per_s: ratio(h.e2e?.perSecond, m.e2e?.perSecond),
      cpu_ms_per_delivery: ratio(cpu?.total ?? undefined, cpuPerDelivery(m.e2e)?.total ?? undefined),
      latency_p50: ratio(h.latency?.p50 ?? undefined, m.latency?.p50 ?? undefined),
      latency_p99: ratio(h.latency?.p99 ?? undefined, m.latency?.p99 ?? undefined),
    },
    console_ms: h.console,
    console_p99_over_100ms: Object.entries(h.console)
      .filter(([, c]) => (c.p99 ?? Infinity) > CONSOLE_P99_MS)
      .map(([name]) => name),
  };
}

function stagesOut(st: StageFigures | undefined) {
  if (!st) return null;
  return {
    publish_to_receive_traced: latencyOut(st.publish_to_receive),
    publish_answered: latencyOut(st.publish_answered),
    stages: Object.fromEntries(STAGES.map((name) => [name, latencyOut(st.stages[name])])),
    joined: st.joined,
  };
}

/** The end-to-end phase's CPU ms per delivery received, per group; total is null unless every group could be read. */
function cpuPerDelivery(e2e: Measured["e2e"]) {
  if (!e2e?.cpu || !e2e.ledger.unique) return null;
  const { cpu, ledger } = e2e;
  const per = (ms: number | null) => (ms === null ? null : round(ms / ledger.unique, 3));
  const all = CPU_GROUPS.map((g) => cpu[g]);
  const total = all.every((ms) => ms !== null) ? all.reduce<number>((sum, ms) => sum + (ms ?? 0), 0) : null;
  return {
    api: per(cpu.api),
    worker: per(cpu.worker),
    postgres: per(cpu.postgres),
    redis: per(cpu.redis),
    total: per(total),
  };
}

export function buildReport(m: Measured, opts: BenchOptions) {
  const ledgers = [
    m.ingest,
    m.e2e,
    m.latency,
    m.fanout,
    m.openLoop,
    m.fifo,
    m.stages,
    m.history?.e2e,
    m.history?.latency,
  ].flatMap((p) => (p ? [p.ledger] : []));
  const ref = m.reference;
  const naive = m.naive;
  return {
    ingest_per_s: m.ingest ? round(m.ingest.perSecond) : null,
    ingest_latency_ms: m.ingest ? { p50: round(m.ingest.p50, 2), p99: round(m.ingest.p99, 2) } : null,
    ingest_open_loop_ms: m.openLoop
      ? { rate: m.openLoop.rate, p50: round(m.openLoop.p50, 2), p99: round(m.openLoop.p99, 2) }
      : null,
    deliveries_per_s: m.e2e ? round(m.e2e.perSecond) : null,
    cpu_ms_per_delivery: cpuPerDelivery(m.e2e),
    latency_ms: m.latency ? latencyOut(m.latency) : null,
    latency_stages_ms: stagesOut(m.stages),
    history: historyOut(m.history, m),
    fanout_1000_ms: m.fanout ? round(m.fanout.ms) : null,
    fifo: m.fifo ? { deliveries_per_s: round(m.fifo.perSecond), order_violations: m.fifo.orderViolations } : null,
    noisy_neighbour: m.noisy ?? null,
    reference:
      ref || naive || m.barePipeline || m.naivePipeline
        ? {
            got_post_per_s: ref ? round(ref.got_post_per_s) : null,
            undici_post_per_s: ref ? round(ref.undici_post_per_s) : null,
            bullmq_noop_per_s: ref ? round(ref.bullmq_noop_per_s) : null,
            naive_ingest_per_s: naive ? round(naive.perSecond) : null,
            naive_ingest_latency_ms: naive ? { p50: round(naive.p50, 2), p99: round(naive.p99, 2) } : null,
            bare_pipeline_latency_ms: pipelineOut(m.barePipeline),
            naive_pipeline_latency_ms: pipelineOut(m.naivePipeline),
          }
        : null,
    ratios: {
      deliveries_vs_got_post: ratio(m.e2e?.perSecond, ref?.got_post_per_s),
      deliveries_vs_undici_post: ratio(m.e2e?.perSecond, ref?.undici_post_per_s),
      deliveries_vs_bullmq_noop: ratio(m.e2e?.perSecond, ref?.bullmq_noop_per_s),
      ingest_vs_bullmq_noop: ratio(m.ingest?.perSecond, ref?.bullmq_noop_per_s),
      ingest_vs_naive: ratio(m.ingest?.perSecond, naive?.perSecond),
      // Issue 22's latency targets: p50 at most 1.5x the naive pipeline's (and 5 ms), p99 at most 1x.
      latency_p50_vs_naive_pipeline: ratio(m.latency?.p50 ?? undefined, m.naivePipeline?.p50 ?? undefined),
      latency_p99_vs_naive_pipeline: ratio(m.latency?.p99 ?? undefined, m.naivePipeline?.p99 ?? undefined),
      latency_p50_vs_bare_pipeline: ratio(m.latency?.p50 ?? undefined, m.barePipeline?.p50 ?? undefined),
    },
    lost: ledgers.reduce((n, l) => n + Math.max(0, l.expected - l.unique), 0),
    duplicated: ledgers.reduce((n, l) => n + l.duplicates, 0),
    ledgers: {
      ingest: m.ingest?.ledger ?? null,
      end_to_end: m.e2e?.ledger ?? null,
      latency: m.latency?.ledger ?? null,
      fanout: m.fanout?.ledger ?? null,
      ingest_open_loop: m.openLoop?.ledger ?? null,
      fifo: m.fifo?.ledger ?? null,
      stages: m.stages?.ledger ?? null,
      history_end_to_end: m.history?.e2e?.ledger ?? null,
      history_latency: m.history?.latency?.ledger ?? null,
      // Of the references: not counted as lost or duplicated (they are not Herald's).
      reference_bare_pipeline: m.barePipeline?.ledger ?? null,
      reference_naive_pipeline: m.naivePipeline?.ledger ?? null,
    },
    options: { ...opts, phases: [...opts.phases] },
    machine: {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model,
      memory_gb: round(os.totalmem() / 2 ** 30),
      load_avg_1m: round(os.loadavg()[0] ?? 0, 2),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    measured_at: new Date().toISOString(),
  };
}

export type Report = ReturnType<typeof buildReport>;

type LatencyOut = ReturnType<typeof latencyOut>;
/** "p50 by window a / b / c; p99 by window x / y / z". */
const byWindow = (l: LatencyOut | null | undefined) =>
  l?.windows.length
    ? `windows p50 ${l.windows.map((w) => w.p50 ?? "-").join(" / ")}; p99 ${l.windows.map((w) => w.p99 ?? "-").join(" / ")}`
    : "";

const noisyWindows = (n: NoisyNeighbourFigures, key: "publish_p99_ms" | "list_p99_ms") =>
  n.windows.map((w) => `${w.attack ? "A" : "q"} ${w[key]}`).join(", ");

export function printReport(r: Report, m: Measured, opts: BenchOptions): void {
  const row = (value: unknown, note = "") => ({ value: value ?? "-", note });
  const cpu = r.cpu_ms_per_delivery;
  console.table({
    "events accepted/s": row(
      r.ingest_per_s,
      r.ingest_latency_ms ? `p50 ${r.ingest_latency_ms.p50} ms, p99 ${r.ingest_latency_ms.p99} ms` : "",
    ),
    "ref: naive ingest events/s": row(
      r.reference?.naive_ingest_per_s,
      r.reference?.naive_ingest_latency_ms
        ? `p50 ${r.reference.naive_ingest_latency_ms.p50} ms, p99 ${r.reference.naive_ingest_latency_ms.p99} ms; Herald = ${r.ratios.ingest_vs_naive ?? "-"}x`
        : "",
    ),
    [`ingest p50 ms at ${opts.openLoopRate}/s open loop`]: row(
      r.ingest_open_loop_ms?.p50,
      "request latency, from when each request was due",
    ),
    [`ingest p99 ms at ${opts.openLoopRate}/s open loop`]: row(
      r.ingest_open_loop_ms?.p99,
      `beside the closed-loop maximum of ${r.ingest_per_s ?? "-"}/s`,
    ),
    "deliveries/s end to end": row(
      r.deliveries_per_s,
      m.e2e ? `${m.e2e.ledger.unique} in ${round(m.e2e.seconds, 2)} s` : "",
    ),
    "CPU ms/delivery: API": row(cpu?.api, "end-to-end phase, from /proc"),
    "CPU ms/delivery: worker(s)": row(cpu?.worker),
    "CPU ms/delivery: Postgres": row(cpu?.postgres, "backends of the bench database"),
    "CPU ms/delivery: Redis": row(cpu?.redis, "shared server: other load counts too"),
    "CPU ms/delivery: total": row(cpu?.total),
    "publish→receive p50 ms": row(r.latency_ms?.p50, `at ${opts.latencyRate}/s open loop; ${byWindow(r.latency_ms)}`),
    "publish→receive p95 ms": row(r.latency_ms?.p95),
    "publish→receive p99 ms": row(
      r.latency_ms?.p99,
      `vs naive pipeline: p50 ${r.ratios.latency_p50_vs_naive_pipeline ?? "-"}x, p99 ${r.ratios.latency_p99_vs_naive_pipeline ?? "-"}x`,
    ),
    "ref: bare pipeline p50 / p99 ms": row(
      r.reference?.bare_pipeline_latency_ms
        ? `${r.reference.bare_pipeline_latency_ms.p50} / ${r.reference.bare_pipeline_latency_ms.p99}`
        : null,
      `BullMQ + got, same rate; ${byWindow(r.reference?.bare_pipeline_latency_ms)}`,
    ),
    "ref: naive pipeline p50 / p99 ms": row(
      r.reference?.naive_pipeline_latency_ms
        ? `${r.reference.naive_pipeline_latency_ms.p50} / ${r.reference.naive_pipeline_latency_ms.p99}`
        : null,
      `Express+INSERT+BullMQ+worker; ${byWindow(r.reference?.naive_pipeline_latency_ms)}`,
    ),
    [`fan-out to ${opts.fanout}, ms`]: row(r.fanout_1000_ms, "one event, until all received"),
    "FIFO endpoint deliveries/s": row(
      r.fifo?.deliveries_per_s,
      r.fifo ? `one ordered endpoint, ${r.fifo.order_violations} out of order` : "",
    ),
    "ref: got POST/s": row(
      r.reference?.got_post_per_s,
      `Herald deliveries = ${r.ratios.deliveries_vs_got_post ?? "-"}x`,
    ),
    "ref: undici POST/s": row(
      r.reference?.undici_post_per_s,
      `Herald deliveries = ${r.ratios.deliveries_vs_undici_post ?? "-"}x`,
    ),
    "ref: BullMQ no-op jobs/s": row(
      r.reference?.bullmq_noop_per_s,
      `Herald deliveries = ${r.ratios.deliveries_vs_bullmq_noop ?? "-"}x`,
    ),
    "noisy neighbour: B publish p99 ratio": row(
      r.noisy_neighbour?.publish_p99_ratio,
      r.noisy_neighbour ? `attack / quiet; windows (p99 ms): ${noisyWindows(r.noisy_neighbour, "publish_p99_ms")}` : "",
    ),
    "noisy neighbour: B list p99 ratio": row(
      r.noisy_neighbour?.list_p99_ratio,
      r.noisy_neighbour ? `attack / quiet; windows (p99 ms): ${noisyWindows(r.noisy_neighbour, "list_p99_ms")}` : "",
    ),
    "lost / duplicated": row(`${r.lost} / ${r.duplicated}`, "checked at the receiver"),
  });
}

/** The stage table (the traced run) and the history phase's figures, after the main table. */
export function printDetails(r: Report): void {
  const st = r.latency_stages_ms;
  if (st) {
    console.log(`\nPublish → receive by stage (traced run, ${st.joined} publishes joined; ms; windows in send order):`);
    const line = (l: LatencyOut) => ({ p50: l.p50, p99: l.p99, "by window": byWindow(l) });
    console.table({
      ...Object.fromEntries(Object.entries(st.stages).map(([name, l]) => [name, line(l)])),
      "= publish → receive (traced)": line(st.publish_to_receive_traced),
      "(publish answered)": line(st.publish_answered),
    });
  }
  const h = r.history;
  if (h) {
    const { size } = h;
    console.log(
      `\nHistory: ${size.deliveries} deliveries, ${size.attempts} attempts, ${size.events} events, ` +
        `${size.audit_logs} audit entries over ${size.days} days, loaded in ${h.load_seconds} s`,
    );
    console.table({
      "deliveries/s end to end": {
        history: h.deliveries_per_s,
        empty: r.deliveries_per_s,
        ratio: h.vs_empty.deliveries_per_s,
      },
      "CPU ms/delivery": {
        history: h.cpu_ms_per_delivery?.total,
        empty: r.cpu_ms_per_delivery?.total,
        ratio: h.vs_empty.cpu_ms_per_delivery,
      },
      "publish→receive p50 ms": { history: h.latency_ms?.p50, empty: r.latency_ms?.p50, ratio: h.vs_empty.latency_p50 },
      "publish→receive p99 ms": { history: h.latency_ms?.p99, empty: r.latency_ms?.p99, ratio: h.vs_empty.latency_p99 },
    });
    console.table(
      Object.fromEntries(
        Object.entries(h.console_ms).map(([name, c]) => [
          name,
          {
            p50: c.p50,
            p99: c.p99,
            status: c.statuses.join(","),
            over: (c.p99 ?? Infinity) > CONSOLE_P99_MS ? "> 100 ms" : "",
          },
        ]),
      ),
    );
  }
}
