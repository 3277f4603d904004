import os from "node:os";
import { CPU_GROUPS, type CpuSpent } from "./cpu-meter.ts";
import type { BenchOptions } from "./options.ts";
import type { NoisyNeighbourFigures } from "./noisy-neighbour.ts";
import type { Ledger } from "./phases.ts";
import { round } from "./stats.ts";

export interface Measured {
  reference?: { got_post_per_s: number; undici_post_per_s: number; bullmq_noop_per_s: number };
  /** The same closed loop against the naive ingest app (no ledger: it delivers nothing). */
  naive?: { perSecond: number; p50: number; p99: number };
  ingest?: { perSecond: number; p50: number; p99: number; ledger: Ledger };
  e2e?: { perSecond: number; seconds: number; ledger: Ledger; cpu: CpuSpent | null };
  latency?: { p50: number; p95: number; p99: number; ledger: Ledger };
  fanout?: { ms: number; ledger: Ledger };
  openLoop?: { rate: number; p50: number; p99: number; ledger: Ledger };
  fifo?: { perSecond: number; orderViolations: number; ledger: Ledger };
  noisy?: NoisyNeighbourFigures;
}

const ratio = (a?: number, b?: number) => (a !== undefined && b ? round(a / b, 3) : null);

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
  const ledgers = [m.ingest, m.e2e, m.latency, m.fanout, m.openLoop, m.fifo].flatMap((p) => (p ? [p.ledger] : []));
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
    latency_ms: m.latency
      ? { p50: round(m.latency.p50, 2), p95: round(m.latency.p95, 2), p99: round(m.latency.p99, 2) }
      : null,
    fanout_1000_ms: m.fanout ? round(m.fanout.ms) : null,
    fifo: m.fifo ? { deliveries_per_s: round(m.fifo.perSecond), order_violations: m.fifo.orderViolations } : null,
    noisy_neighbour: m.noisy ?? null,
    reference:
      ref || naive
        ? {
            got_post_per_s: ref ? round(ref.got_post_per_s) : null,
            undici_post_per_s: ref ? round(ref.undici_post_per_s) : null,
            bullmq_noop_per_s: ref ? round(ref.bullmq_noop_per_s) : null,
            naive_ingest_per_s: naive ? round(naive.perSecond) : null,
            naive_ingest_latency_ms: naive ? { p50: round(naive.p50, 2), p99: round(naive.p99, 2) } : null,
          }
        : null,
    ratios: {
      deliveries_vs_got_post: ratio(m.e2e?.perSecond, ref?.got_post_per_s),
      deliveries_vs_undici_post: ratio(m.e2e?.perSecond, ref?.undici_post_per_s),
      deliveries_vs_bullmq_noop: ratio(m.e2e?.perSecond, ref?.bullmq_noop_per_s),
      ingest_vs_bullmq_noop: ratio(m.ingest?.perSecond, ref?.bullmq_noop_per_s),
      ingest_vs_naive: ratio(m.ingest?.perSecond, naive?.perSecond),
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
    "publish→receive p50 ms": row(r.latency_ms?.p50, `at ${opts.latencyRate}/s open loop`),
    "publish→receive p95 ms": row(r.latency_ms?.p95),
    "publish→receive p99 ms": row(r.latency_ms?.p99),
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
