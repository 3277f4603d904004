/**
 * Attempts and outcomes are counted by when they happened, but the history
 * tables are partitioned by the delivery's creation day (its id). The stats
 * queries read only the partitions of deliveries created from this long
 * before the window on, which holds every automatic retry of the default
 * schedule (about 27 h from first attempt to last); a manual retry of an
 * older delivery is left out.
 */
export const CREATED_LOOKBACK_MS = 2 * 24 * 60 * 60 * 1000;

export const BUCKET_MS = { minute: 60_000, hour: 3_600_000 } as const;
export type Bucket = keyof typeof BUCKET_MS;

/** The start of the bucket `at` falls in (buckets are aligned to the Unix epoch, so to UTC minutes and hours). */
export function bucketStart(at: number, bucket: Bucket): number {
  return Math.floor(at / BUCKET_MS[bucket]) * BUCKET_MS[bucket];
}

/** Every bucket start from the one holding `from` up to `to` (exclusive). */
export function bucketStarts({ from, to, bucket }: { from: number; to: number; bucket: Bucket }): number[] {
  const starts: number[] = [];
  for (let at = bucketStart(from, bucket); at < to; at += BUCKET_MS[bucket]) starts.push(at);
  return starts;
}
