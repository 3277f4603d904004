import { parseArgs } from "node:util";

export interface BenchOptions {
  ingestEvents: number;
  e2eEvents: number;
  webhooks: number;
  latencyRate: number;
  latencySeconds: number;
  fanout: number;
  workers: number;
  workerConcurrency: number;
  publishConcurrency: number;
  referenceRequests: number;
  out: string;
  phases: Set<string>;
}

const usage = `npm run bench -- [--ingest-events N] [--e2e-events N] [--webhooks W] [--latency-rate R]
  [--latency-seconds S] [--fanout N] [--workers K] [--worker-concurrency C] [--publish-concurrency C]
  [--reference-requests N] [--out FILE] [--long] [--phases reference,ingest,e2e,latency,fanout]`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      "ingest-events": { type: "string" },
      "e2e-events": { type: "string" },
      webhooks: { type: "string" },
      "latency-rate": { type: "string" },
      "latency-seconds": { type: "string" },
      fanout: { type: "string" },
      workers: { type: "string" },
      "worker-concurrency": { type: "string" },
      "publish-concurrency": { type: "string" },
      "reference-requests": { type: "string" },
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
  return {
    ingestEvents: num("ingest-events", 5_000 * scale),
    e2eEvents: num("e2e-events", 2_000 * scale),
    webhooks: num("webhooks", 10),
    latencyRate: num("latency-rate", 300),
    latencySeconds: num("latency-seconds", 10 * scale),
    fanout: num("fanout", 1000),
    workers: num("workers", 1),
    workerConcurrency: num("worker-concurrency", 100),
    publishConcurrency: num("publish-concurrency", 64),
    referenceRequests: num("reference-requests", 10_000),
    out: (values.out as string | undefined) ?? "bench/results/latest.json",
    phases: new Set(((values.phases as string | undefined) ?? "reference,ingest,e2e,latency,fanout").split(",")),
  };
}
