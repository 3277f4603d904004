import { parseArgs } from "node:util";

export interface BenchOptions {
  ingestEvents: number;
  e2eEvents: number;
  webhooks: number;
  latencyRate: number;
  latencySeconds: number;
  /** The latency figures (Herald's, the references', the stages') also per this many equal windows of the run. */
  latencyWindows: number;
  openLoopRate: number;
  openLoopSeconds: number;
  fanout: number;
  fifoEvents: number;
  /** The noisy-neighbour phase: B publishes at this rate, for this long, in this many quiet and attack windows each. */
  noisyRate: number;
  noisySeconds: number;
  noisyWindows: number;
  workers: number;
  /** HERALD_QUEUE_PARTITIONS of the stack. */
  partitions: number;
  workerConcurrency: number;
  publishConcurrency: number;
  referenceRequests: number;
  /** The history phase: deliveries loaded (half as many events), over this many days; requests timed per console call. */
  historyDeliveries: number;
  historyDays: number;
  historyRequests: number;
  out: string;
  phases: Set<string>;
}

const defaultPhases = "reference,naive,pipelines,ingest,e2e,latency,fanout,openloop,fifo,noisy,stages";
// history loads millions of rows first (minutes): only when asked for.
const allPhases = `${defaultPhases},history`;

const usage = `npm run bench -- [--ingest-events N] [--e2e-events N] [--webhooks W] [--latency-rate R]
  [--latency-seconds S] [--openloop-rate R] [--openloop-seconds S] [--fanout N] [--fifo-events N]
  [--noisy-rate R] [--noisy-seconds S] [--noisy-windows N] [--workers K] [--partitions P]
  [--worker-concurrency C] [--publish-concurrency C] [--reference-requests N] [--latency-windows N]
  [--history-deliveries N] [--history-days D] [--history-requests N] [--out FILE] [--long]
  [--phases ${allPhases}]
Phases (default: all but history):
  pipelines  the latency references: a bare BullMQ + got pipeline, and a naive full one (Express, INSERT, BullMQ, worker)
  stages     Herald again with tracing on (the bench collects the spans): publish → receive cut into stages
  history    loads --history-deliveries deliveries (default 2,000,000; a few minutes) over --history-days days into
             the stack's database, measures e2e and latency again and times the console's calls (after the others)
env HERALD_BENCH_DB names the database (default herald_bench; <name>_naive for the naive references).`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      "ingest-events": { type: "string" },
      "e2e-events": { type: "string" },
      webhooks: { type: "string" },
      "latency-rate": { type: "string" },
      "latency-seconds": { type: "string" },
      "openloop-rate": { type: "string" },
      "openloop-seconds": { type: "string" },
      fanout: { type: "string" },
      "fifo-events": { type: "string" },
      "noisy-rate": { type: "string" },
      "noisy-seconds": { type: "string" },
      "noisy-windows": { type: "string" },
      workers: { type: "string" },
      partitions: { type: "string" },
      "worker-concurrency": { type: "string" },
      "publish-concurrency": { type: "string" },
      "reference-requests": { type: "string" },
      "latency-windows": { type: "string" },
      "history-deliveries": { type: "string" },
      "history-days": { type: "string" },
      "history-requests": { type: "string" },
      out: { type: "string" },
      phases: { type: "string" },
      long: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const scale = values.long ? 5 : 1;
  const num = (name: keyof typeof values, fallback: number) => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
      console.error(`bench: --${name} must be a positive number\n${usage}`);
      process.exit(2);
    }
    return n;
  };
  const phases = new Set(((values.phases as string | undefined) ?? defaultPhases).split(","));
  const unknown = [...phases].filter((p) => !allPhases.split(",").includes(p));
  if (unknown.length) {
    console.error(`bench: unknown phase(s) ${unknown.join(", ")}\n${usage}`);
    process.exit(2);
  }
  return {
    ingestEvents: num("ingest-events", 5_000 * scale),
    e2eEvents: num("e2e-events", 2_000 * scale),
    webhooks: num("webhooks", 10),
    latencyRate: num("latency-rate", 300),
    latencySeconds: num("latency-seconds", 10 * scale),
    latencyWindows: Math.round(num("latency-windows", 5)),
    openLoopRate: num("openloop-rate", 1000),
    openLoopSeconds: num("openloop-seconds", 5 * scale),
    fanout: num("fanout", 1000),
    fifoEvents: num("fifo-events", 1000 * scale),
    noisyRate: num("noisy-rate", 20),
    noisySeconds: num("noisy-seconds", 8 * scale),
    noisyWindows: num("noisy-windows", 2),
    workers: num("workers", 1),
    partitions: num("partitions", 1),
    workerConcurrency: num("worker-concurrency", 100),
    publishConcurrency: num("publish-concurrency", 64),
    referenceRequests: num("reference-requests", 10_000),
    historyDeliveries: Math.round(num("history-deliveries", 2_000_000)),
    historyDays: Math.round(num("history-days", 30)),
    historyRequests: Math.round(num("history-requests", 20)),
    out: (values.out as string | undefined) ?? "bench/results/latest.json",
    phases,
  };
}
