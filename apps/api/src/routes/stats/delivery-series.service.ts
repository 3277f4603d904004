import { Prisma } from "@herald/db";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { webhookScope } from "../../lib/tenancy.ts";
import { BUCKET_MS, bucketStarts, CREATED_LOOKBACK_MS, type Bucket } from "./history-window.ts";
import { MAX_BUCKETS, type DeliverySeriesOut, type DeliverySeriesQuery } from "./delivery-series.schemas.ts";

interface BucketRow {
  start: bigint;
  succeeded: number;
  attempts: number;
  dead_lettered: number;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

const DEFAULT_SPAN_MS: Record<Bucket, number> = { minute: BUCKET_MS.hour, hour: 24 * BUCKET_MS.hour };

/** The range asked for, with defaults, refused (400 naming the field) when inverted or longer than MAX_BUCKETS buckets. */
function rangeOf({ from, to, bucket }: DeliverySeriesQuery): { from: number; to: number } {
  const end = to?.getTime() ?? Date.now();
  const start = from?.getTime() ?? end - DEFAULT_SPAN_MS[bucket];
  const invalid = (field: string, message: string) =>
    new AppError("validation_error", `invalid query: ${field}: ${message}`, [
      { field, message: `${field}: ${message}` },
    ]);
  if (start >= end) throw invalid("from", "must be before to");
  const buckets = bucketStarts({ from: start, to: end, bucket }).length;
  if (buckets > MAX_BUCKETS)
    throw invalid(
      "from",
      `the range holds ${buckets} ${bucket} buckets; at most ${MAX_BUCKETS} (narrow it or use a larger bucket)`,
    );
  return { from: start, to: end };
}

/**
 * Attempts by outcome and latency, and deliveries dead-lettered, per bucket,
 * in one statement over the attempts only (filtered on their partition key,
 * delivery_id, so only the days that can hold the range's attempts are read).
 * A dead letter is the attempt that ran out the schedule (dead_lettered),
 * counted when it happened, whatever became of its delivery since (a replay).
 */
export function deliveryBucketsSql({
  from,
  to,
  bucket,
  tenantId,
  webhookId,
}: {
  from: Date;
  to: Date;
  bucket: Bucket;
  tenantId: string | null;
  webhookId: string | null;
}): Prisma.Sql {
  const createdFrom = new Date(from.getTime() - CREATED_LOOKBACK_MS);
  const width = `1 ${bucket}`;
  const scope = Prisma.sql`(${tenantId}::uuid IS NULL
      OR (d.tenant_id = ${tenantId}::uuid AND d.webhook_id IN (SELECT id FROM webhooks WHERE tenant_id = ${tenantId}::uuid)))
    AND (${webhookId}::uuid IS NULL OR d.webhook_id = ${webhookId}::uuid)
    AND d.id >= herald_uuidv7_floor(${createdFrom}::timestamptz) AND d.id < herald_uuidv7_floor(${to}::timestamptz)`;
  return Prisma.sql`
    SELECT (extract(epoch FROM date_bin(${width}::interval, a.created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00')) * 1000)::bigint AS start,
      count(*) FILTER (WHERE a.status_code BETWEEN 200 AND 299)::int AS succeeded,
      count(*)::int AS attempts,
      count(*) FILTER (WHERE a.dead_lettered)::int AS dead_lettered,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY a.duration_ms) AS p50,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY a.duration_ms) AS p95,
      max(a.duration_ms)::float8 AS max
    FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
    WHERE a.delivery_id >= herald_uuidv7_floor(${createdFrom}::timestamptz) AND a.delivery_id < herald_uuidv7_floor(${to}::timestamptz)
      AND a.created_at >= ${from}::timestamptz AND a.created_at < ${to}::timestamptz AND ${scope}
    GROUP BY 1`;
}

/** Deliveries over time for the caller's webhooks (an admin: all of them), every bucket of the range filled. */
export async function deliverySeries({ deps, principal }: Ctx, query: DeliverySeriesQuery): Promise<DeliverySeriesOut> {
  const { from, to } = rangeOf(query);
  if (query.webhook_id) {
    const hook = await deps.db.webhook.findFirst({
      where: { id: query.webhook_id, ...webhookScope(principal) },
      select: { id: true },
    });
    if (!hook)
      throw new AppError("not_found", "webhook not found", [
        { field: "webhook_id", message: "webhook_id: no such webhook" },
      ]);
  }
  const statement = deliveryBucketsSql({
    from: new Date(from),
    to: new Date(to),
    bucket: query.bucket,
    tenantId: principal.role === "admin" ? null : principal.tenantId,
    webhookId: query.webhook_id ?? null,
  });
  const rows = await deps.db.$queryRaw<BucketRow[]>(statement);
  const byStart = new Map(rows.map((row) => [Number(row.start), row]));
  const round = (ms: number | null) => (ms === null ? null : Math.round(ms));
  return {
    bucket: query.bucket,
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    series: bucketStarts({ from, to, bucket: query.bucket }).map((start) => {
      const row = byStart.get(start);
      return {
        start: new Date(start).toISOString(),
        succeeded: row?.succeeded ?? 0,
        failed: (row?.attempts ?? 0) - (row?.succeeded ?? 0),
        dead_lettered: row?.dead_lettered ?? 0,
        attempts: row?.attempts ?? 0,
        latency_ms: { p50: round(row?.p50 ?? null), p95: round(row?.p95 ?? null), max: row?.max ?? null },
      };
    }),
  };
}
