import { Prisma } from "@herald/db";
import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { readCircuitStates } from "@herald/engine";
import { BUCKET_MS, bucketStart, bucketStarts, CREATED_LOOKBACK_MS } from "../stats/history-window.ts";
import type { WebhookHealthOut } from "./webhook-health.schemas.ts";

interface HealthRow {
  id: string;
  enabled: boolean;
  disabled_reason: string | null;
  hourly: { start: number; succeeded: number; failed: number }[];
  last_id: string | null;
  last_status: "pending" | "success" | "failed" | "cancelled" | null;
  last_event_type: string | null;
  last_created_at: Date | null;
}

const HOURS = 24;

/**
 * One statement for the whole batch: the webhooks the caller manages, their
 * attempts per hour over the last 24 h (partitions pruned by delivery id) and
 * each one's latest delivery.
 */
function healthRows({
  db,
  ids,
  tenantId,
  from,
  to,
}: {
  db: Ctx["deps"]["db"];
  ids: string[];
  tenantId: string | null;
  from: Date;
  to: Date;
}): Promise<HealthRow[]> {
  const createdFrom = new Date(from.getTime() - CREATED_LOOKBACK_MS);
  return db.$queryRaw<HealthRow[]>(Prisma.sql`
    WITH w AS (
      SELECT id, enabled, disabled_reason FROM webhooks
      WHERE id = ANY(${ids}::uuid[]) AND deleted_at IS NULL AND (${tenantId}::uuid IS NULL OR tenant_id = ${tenantId}::uuid)
    ), hourly AS (
      SELECT d.webhook_id, date_bin('1 hour', a.created_at, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS start,
        count(*) FILTER (WHERE a.status_code BETWEEN 200 AND 299)::int AS succeeded,
        count(*) FILTER (WHERE a.status_code IS NULL OR a.status_code NOT BETWEEN 200 AND 299)::int AS failed
      FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
      WHERE d.webhook_id IN (SELECT id FROM w)
        AND a.delivery_id >= herald_uuidv7_floor(${createdFrom}::timestamptz) AND d.id >= herald_uuidv7_floor(${createdFrom}::timestamptz)
        AND a.created_at >= ${from}::timestamptz AND a.created_at < ${to}::timestamptz
      GROUP BY 1, 2
    )
    SELECT w.id::text, w.enabled, w.disabled_reason,
      COALESCE((SELECT json_agg(json_build_object('start', (extract(epoch FROM h.start) * 1000)::bigint, 'succeeded', h.succeeded, 'failed', h.failed))
                FROM hourly h WHERE h.webhook_id = w.id), '[]'::json) AS hourly,
      last.id::text AS last_id, last.status::text AS last_status, last.event_type AS last_event_type, last.created_at AS last_created_at
    FROM w LEFT JOIN LATERAL (
      SELECT d.id, d.status, e.type AS event_type, d.created_at FROM deliveries d JOIN events e ON e.id = d.event_id
      WHERE d.webhook_id = w.id ORDER BY d.created_at DESC, d.id DESC LIMIT 1
    ) last ON true`);
}

/** Health of the named webhooks, in the order asked; one the caller cannot see is a 404 naming its place in the list, as a single lookup would be. */
export async function webhookHealth({ deps, principal }: Ctx, ids: string[]): Promise<WebhookHealthOut[]> {
  const now = Date.now();
  const from = bucketStart(now, "hour") - (HOURS - 1) * BUCKET_MS.hour;
  const window = { from: new Date(from).toISOString(), to: new Date(now).toISOString() };
  const tenantId = principal.role === "admin" ? null : principal.tenantId;
  const [rows, circuits] = await Promise.all([
    healthRows({ db: deps.db, ids, tenantId, from: new Date(from), to: new Date(now) }),
    readCircuitStates({ redis: deps.redis, prefix: deps.config.queuePrefix, webhookIds: ids }),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  // Named by position, not echoed: an error body never carries another tenant's ids.
  const missing = ids.flatMap((id, i) => (byId.has(id) ? [] : [i + 1]));
  if (missing.length)
    throw new AppError(
      "not_found",
      `webhook not found: ids item ${missing.join(", ")}`,
      missing.map((n) => ({ field: "ids", message: `ids: item ${n}: no such webhook`, index: n - 1 })),
    );
  return ids.map((id) => {
    const row = byId.get(id)!;
    const perHour = new Map(row.hourly.map((h) => [Number(h.start), h]));
    const hourly = bucketStarts({ from, to: now + 1, bucket: "hour" }).map((start) => ({
      start: new Date(start).toISOString(),
      succeeded: perHour.get(start)?.succeeded ?? 0,
      failed: perHour.get(start)?.failed ?? 0,
    }));
    const succeeded = hourly.reduce((n, h) => n + h.succeeded, 0);
    const failed = hourly.reduce((n, h) => n + h.failed, 0);
    const total = succeeded + failed;
    return {
      webhook_id: id,
      enabled: row.enabled,
      disabled_reason: row.disabled_reason,
      circuit: circuits.get(id)!,
      last_delivery: row.last_id
        ? {
            id: row.last_id,
            status: row.last_status!,
            event_type: row.last_event_type!,
            created_at: row.last_created_at!.toISOString(),
          }
        : null,
      window,
      attempts: { total, succeeded, failed },
      success_rate: total === 0 ? null : succeeded / total,
      hourly,
    };
  });
}
