import { callApi } from "./herald-client.ts";
import { COMMON_TYPE, type HistorySize, loadHistory, RARE_TYPE } from "./history-load.ts";
import { type Ledger, type PhaseContext, endToEndPhase, latencyPhase } from "./phases.ts";
import type { CpuSpent } from "./cpu-meter.ts";
import { type LatencySummary, percentile, round } from "./stats.ts";

const TENANTS = 20;
const WEBHOOKS_PER_TENANT = 5;
const DAY_MS = 86_400_000;

interface ConsoleTiming {
  path: string;
  /** The answers' statuses, each once (a 200 page is the point; anything else is reported, not hidden). */
  statuses: number[];
  p50: number | null;
  p99: number | null;
  n: number;
}

export interface HistoryFigures {
  size: HistorySize;
  load_seconds: number;
  e2e: { perSecond: number; seconds: number; ledger: Ledger; cpu: CpuSpent | null } | null;
  latency: (LatencySummary & { ledger: Ledger }) | null;
  /** p50/p99 ms of each console call over the history, by name. */
  console: Record<string, ConsoleTiming>;
}

/** The console's list, search and stats calls, as an admin sees them, over `days` of history. */
function consoleCalls({ webhookId, days }: { webhookId: string; days: number }): Record<string, string> {
  const now = Date.now();
  const from = new Date(now - days * DAY_MS).toISOString();
  return {
    "events (newest page)": "/events",
    [`events?type= (1 in 10: ${COMMON_TYPE})`]: `/events?type=${COMMON_TYPE}`,
    [`events?type= (1 in 1000: ${RARE_TYPE})`]: `/events?type=${RARE_TYPE}`,
    "webhook's deliveries": `/webhooks/${webhookId}/deliveries`,
    "webhook's deliveries?status=failed": `/webhooks/${webhookId}/deliveries?status=failed`,
    "DLQ (deliveries/failed)": "/webhooks/deliveries/failed",
    "delivery counts (deliveries/stats)": "/webhooks/deliveries/stats",
    [`stats/deliveries?bucket=hour, ${days} days`]: `/stats/deliveries?bucket=hour&from=${encodeURIComponent(from)}`,
    "audit logs": "/audit-logs",
    "audit logs?action=": "/audit-logs?action=webhook.secret_rotated",
    webhooks: "/webhooks",
  };
}

async function timeCalls(
  ctx: PhaseContext,
  calls: Record<string, string>,
  requests: number,
): Promise<Record<string, ConsoleTiming>> {
  const { origin, adminKey } = ctx.stack;
  const out: Record<string, ConsoleTiming> = {};
  for (const [name, path] of Object.entries(calls)) {
    const ms: number[] = [];
    const statuses = new Set<number>();
    // Two unmeasured first: a cold plan cache or page cache is not what a console user waits for twice.
    for (let i = 0; i < requests + 2; i++) {
      const started = performance.now();
      const { status } = await callApi(origin, adminKey, "GET", path);
      if (i >= 2) ms.push(performance.now() - started);
      statuses.add(status);
    }
    out[name] = {
      path,
      statuses: [...statuses],
      p50: round(percentile(ms, 50), 1),
      p99: round(percentile(ms, 99), 1),
      n: ms.length,
    };
    ctx.progress(`  console: ${name} p99 ${out[name].p99} ms`);
  }
  return out;
}

/** Tenants and their webhooks, through the API (as a user makes them), for the history to belong to. */
async function makeOwners(ctx: PhaseContext) {
  const { origin, adminKey } = ctx.stack;
  const tenantIds: string[] = [];
  const webhookIds: string[] = [];
  for (let t = 0; t < TENANTS; t++) {
    const tenant = await callApi(origin, adminKey, "POST", "/tenants", { name: `history-${t}` });
    if (tenant.status !== 201) throw new Error(`creating a tenant answered ${tenant.status}`);
    tenantIds.push(tenant.json.id as string);
    for (let k = 0; k < WEBHOOKS_PER_TENANT; k++) {
      const hook = await callApi(origin, adminKey, "POST", "/webhooks", {
        url: `${ctx.receiverUrl}/history/${t}/${k}`,
        events: ["hist.*"],
        tenant_id: tenant.json.id,
      });
      if (hook.status !== 201) throw new Error(`creating a webhook answered ${hook.status}`);
      webhookIds.push(hook.json.id as string);
    }
  }
  return { tenantIds, webhookIds };
}

/**
 * Issue 22 item 9: loads `deliveries` deliveries of history over `days` days
 * into the running stack's database (history-load.ts), then measures the
 * end-to-end and latency phases again (webhooks and event types of their
 * own) and times the console's calls over that history.
 */
export async function historyPhase(
  ctx: PhaseContext,
  opts: {
    deliveries: number;
    days: number;
    requests: number;
    e2e: { events: number; webhooks: number; concurrency: number } | null;
    latency: { rate: number; seconds: number; windows: number } | null;
  },
): Promise<HistoryFigures> {
  const { tenantIds, webhookIds } = await makeOwners(ctx);
  const started = performance.now();
  const size = await loadHistory({
    databaseUrl: ctx.stack.databaseUrl,
    deliveries: opts.deliveries,
    days: opts.days,
    tenantIds,
    webhookIds,
    progress: ctx.progress,
  });
  const loadSeconds = (performance.now() - started) / 1000;
  const e2e = opts.e2e ? await endToEndPhase(ctx, { ...opts.e2e, tag: "e2e-history" }) : null;
  const latency = opts.latency ? await latencyPhase(ctx, { ...opts.latency, tag: "lat-history" }) : null;
  const calls = consoleCalls({ webhookId: webhookIds[0]!, days: opts.days });
  return {
    size,
    load_seconds: round(loadSeconds, 1) ?? loadSeconds,
    e2e,
    latency,
    console: await timeCalls(ctx, calls, opts.requests),
  };
}
