export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (n: number, digits = 1) =>
  Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : null;

/** Runs `task` with at most `concurrency` in flight until `total` have run. */
export async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total) {
      const i = next++;
      await task(i);
    }
  });
  await Promise.all(lanes);
}

/** One latency sample: when its message was sent (Unix ms) and how long it took. */
export interface Sample {
  at: number;
  ms: number;
}

interface Spread {
  p50: number | null;
  p99: number | null;
  n: number;
}

export interface LatencySummary extends Spread {
  p95: number | null;
  /** The same figures per equal slice of the send times, in order: the run-to-run spread within one run. */
  windows: Spread[];
}

const spreadOf = (ms: number[]): Spread => ({
  p50: round(percentile(ms, 50), 2),
  p99: round(percentile(ms, 99), 2),
  n: ms.length,
});

/** p50/p95/p99 of the samples, and p50/p99 in each of `windows` equal slices of the time they were sent over. */
export function summarize(samples: Sample[], windows: number): LatencySummary {
  const all = samples.map((s) => s.ms);
  const first = samples.reduce((min, s) => Math.min(min, s.at), Infinity);
  const span = samples.reduce((max, s) => Math.max(max, s.at), -Infinity) - first;
  const slices: number[][] = Array.from({ length: windows }, () => []);
  for (const s of samples) {
    const w = span > 0 ? Math.min(windows - 1, Math.floor(((s.at - first) / span) * windows)) : 0;
    slices[w]!.push(s.ms);
  }
  return { ...spreadOf(all), p95: round(percentile(all, 95), 2), windows: samples.length ? slices.map(spreadOf) : [] };
}

/** Now as Unix ms with sub-ms precision, comparable across the bench's processes (what `sent_at` carries). */
export const unixNow = () => performance.timeOrigin + performance.now();
