import { callApi as call } from "./herald-client.ts";
import type { PhaseContext } from "./phases.ts";
import { percentile, round } from "./stats.ts";

/**
 * Issue 21's attack, measured: tenant A holds a payload filter inside the
 * documented limits that is costly against a large array, publishes 200 KB
 * events with it five at a time, and calls `filter/test` ten at a time from
 * its portal link; tenant B publishes one-line events at a steady rate and
 * lists its webhooks. B's latencies are read in alternating windows without
 * and with the attack, so the spread of the quiet windows is visible beside
 * the cost of the noisy ones.
 */
export interface NoisyNeighbourFigures {
  windows: Array<{
    attack: boolean;
    publish_p50_ms: number | null;
    publish_p99_ms: number | null;
    list_p50_ms: number | null;
    list_p99_ms: number | null;
    attacker_publishes: number;
    attacker_filter_tests: number;
    attacker_errors: number;
  }>;
  /** The worst attack window's p99 over the worst quiet window's p99: the target is at most 2. */
  publish_p99_ratio: number | null;
  list_p99_ratio: number | null;
}

const ATTACK_FILTER = {
  $or: Array.from({ length: 5 }, (_, i) => ({
    "data.arr": { $in: Array.from({ length: 100 }, (_, k) => 1000 + 100 * i + k) },
  })),
};
const ATTACK_EVENT = JSON.stringify({ type: "order.created", data: { arr: new Array(100_000).fill(0) } });

async function tenantWithKey(ctx: PhaseContext, name: string) {
  const { origin, adminKey } = ctx.stack;
  const tenant = await call(origin, adminKey, "POST", "/tenants", { name });
  const key = await call(origin, adminKey, "POST", "/api-keys", { name, tenant_id: tenant.json.id });
  const webhook = await call(origin, key.json.key as string, "POST", "/webhooks", {
    url: `${ctx.receiverUrl}/noisy-${name}`,
    events: ["order.created"],
  });
  if (webhook.status !== 201) throw new Error(`webhook for ${name}: ${webhook.status} ${JSON.stringify(webhook.json)}`);
  return { id: tenant.json.id as string, key: key.json.key as string, webhookId: webhook.json.id as string };
}

/** Runs `task` back to back on `lanes` lanes until `stop` is set. */
function loop(lanes: number, stop: { set: boolean }, task: () => Promise<unknown>): Promise<unknown> {
  return Promise.all(
    Array.from({ length: lanes }, async () => {
      while (!stop.set) await task();
    }),
  );
}

export async function noisyNeighbourPhase(
  ctx: PhaseContext,
  { seconds, rate, windows }: { seconds: number; rate: number; windows: number },
): Promise<NoisyNeighbourFigures> {
  const { origin, adminKey } = ctx.stack;
  const a = await tenantWithKey(ctx, "noisy-a");
  const b = await tenantWithKey(ctx, "quiet-b");
  const patched = await call(origin, a.key, "PATCH", `/webhooks/${a.webhookId}`, { filter: ATTACK_FILTER });
  if (patched.status !== 200)
    throw new Error(`attack filter refused: ${patched.status} ${JSON.stringify(patched.json)}`);
  const portal = await call(origin, adminKey, "POST", `/tenants/${a.id}/portal-sessions`, {});
  const portalToken = new URL(portal.json.url as string).hash.replace(/^#token=/, "");
  const testBody = `{"payload":${ATTACK_EVENT}}`;

  // Warm-up, so the first quiet window does not pay for a fresh API's first requests.
  for (let i = 0; i < 40; i++) {
    await call(origin, b.key, "POST", "/events", { type: "order.created", data: { warm: i } });
    await call(origin, b.key, "GET", "/webhooks");
  }
  const results: NoisyNeighbourFigures["windows"] = [];
  for (let w = 0; w < windows * 2; w++) {
    const attack = w % 2 === 1;
    const stop = { set: false };
    const tally = { publishes: 0, tests: 0, errors: 0 };
    const count = (kind: "publishes" | "tests") => (r: { status: number }) => {
      if (r.status >= 300) tally.errors++;
      else tally[kind]++;
    };
    const attackers = attack
      ? Promise.all([
          loop(5, stop, () => call(origin, a.key, "POST", "/events", ATTACK_EVENT).then(count("publishes"))),
          loop(10, stop, () =>
            call(origin, portalToken, "POST", `/webhooks/${a.webhookId}/filter/test`, testBody).then(count("tests")),
          ),
        ])
      : Promise.resolve();
    // Let the attack reach its steady state before B's window opens.
    if (attack) await new Promise((r) => setTimeout(r, 1500));
    const publish: number[] = [];
    const list: number[] = [];
    const sends: Array<Promise<void>> = [];
    const started = performance.now();
    for (let i = 0; i < seconds * rate; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sends.push(
        (async () => {
          const t0 = performance.now();
          const r = await call(origin, b.key, "POST", "/events", { type: "order.created", data: { v: i } });
          if (r.status !== 202 && r.status !== 504) throw new Error(`B's publish answered ${r.status}`);
          publish.push(performance.now() - t0);
          if (i % 5 === 0) {
            const t1 = performance.now();
            const l = await call(origin, b.key, "GET", "/webhooks");
            if (l.status !== 200 && l.status !== 504) throw new Error(`B's list answered ${l.status}`);
            list.push(performance.now() - t1);
          }
        })(),
      );
    }
    await Promise.all(sends);
    stop.set = true;
    await attackers;
    results.push({
      attack,
      publish_p50_ms: round(percentile(publish, 50)),
      publish_p99_ms: round(percentile(publish, 99)),
      list_p50_ms: round(percentile(list, 50)),
      list_p99_ms: round(percentile(list, 99)),
      attacker_publishes: tally.publishes,
      attacker_filter_tests: tally.tests,
      attacker_errors: tally.errors,
    });
    ctx.progress(`  noisy neighbour window ${w + 1}/${windows * 2} (${attack ? "attack" : "quiet"})`);
  }
  const worst = (attack: boolean, key: "publish_p99_ms" | "list_p99_ms") =>
    Math.max(...results.filter((r) => r.attack === attack).map((r) => r[key] ?? Infinity));
  return {
    windows: results,
    publish_p99_ratio: round(worst(true, "publish_p99_ms") / worst(false, "publish_p99_ms"), 2),
    list_p99_ratio: round(worst(true, "list_p99_ms") / worst(false, "list_p99_ms"), 2),
  };
}
