import { randomBytes } from "node:crypto";
import { eventually, type HeraldProcess, type Receiver, startReceiver } from "@herald/testkit";
import pg from "pg";
import { type EndpointLedger, ledgerOf, missingIds, printLedger } from "./ledger.ts";
import type { Stack } from "./stack.ts";

/** Sizes of a fault run; CI defaults fit the suite's time budget, env raises them for longer local runs. */
export const runSize = {
  events: Number(process.env.HERALD_FAULT_EVENTS ?? 1500),
  perSecond: Number(process.env.HERALD_FAULT_RATE ?? 100),
  settleMs: Number(process.env.HERALD_FAULT_SETTLE_MS ?? 90_000),
};

export interface RunFixture {
  /** Endpoints subscribed to the published type. */
  receivers: Receiver[];
  /** Subscribed to another type only: must receive nothing. */
  bystander: Receiver;
  tenantAuth: string;
  /** Every secret the run handed out (webhook secrets, a custom header value, the tenant key). */
  secrets: string[];
  close(): Promise<void>;
}

/**
 * A tenant with its own key (the publisher's credentials) and three global
 * endpoints: one by exact wildcard, one by `*`, one for another service;
 * `moreEndpoints` adds that many subscribed by wildcard (to spread queue partitions).
 */
export async function prepareRun(stack: Stack, { delayMs = 20, moreEndpoints = 0 } = {}): Promise<RunFixture> {
  const tenant = await stack.call<{ id: string }>("POST", "/tenants", { name: "fault-run" }, 201);
  const key = await stack.call<{ key: string }>("POST", "/api-keys", { name: "publisher", tenant_id: tenant.id }, 201);
  const [alpha, beta, bystander] = await Promise.all(
    ["alpha", "beta", "bystander"].map((name) => startReceiver(() => ({ delayMs }), { name })),
  );
  const chosenSecret = `chosen-${randomBytes(12).toString("hex")}`;
  // A receiver's credential in a custom header is a secret like the signing ones.
  const headerValue = `header-${randomBytes(12).toString("hex")}`;
  await stack.call(
    "POST",
    "/webhooks",
    { url: alpha!.url, events: ["fault.*"], secret: chosenSecret, headers: { "X-Receiver-Token": headerValue } },
    201,
  );
  const generated = await stack.call<{ secret: string }>("POST", "/webhooks", { url: beta!.url, events: ["*"] }, 201);
  await stack.call("POST", "/webhooks", { url: bystander!.url, events: ["other.*"] }, 201);
  const more = await Promise.all(
    Array.from({ length: moreEndpoints }, (_, i) => startReceiver(() => ({ delayMs }), { name: `more-${i}` })),
  );
  for (const r of more) await stack.call("POST", "/webhooks", { url: r.url, events: ["fault.*"] }, 201);
  const receivers = [alpha!, beta!, ...more];
  return {
    receivers,
    bystander: bystander!,
    tenantAuth: `Bearer ${key.key}`,
    secrets: [chosenSecret, headerValue, generated.secret, generated.secret.slice("whsec_".length), key.key],
    close: async () => void (await Promise.all([...receivers, bystander!].map((r) => r.close()))),
  };
}

/** Deliveries by status in Postgres, e.g. {success: 3000}. */
async function deliveryStatuses(databaseUrl: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; n: number }>(
      "SELECT status, count(*)::int AS n FROM deliveries GROUP BY status ORDER BY status",
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  } finally {
    await client.end();
  }
}

/**
 * Waits until every accepted event reached every subscribed endpoint and
 * every delivery is settled in Postgres (or the settle time ran out), then
 * prints the ledger and returns it with the deliveries' statuses.
 */
export async function settleLedger(
  run: string,
  fixture: RunFixture,
  accepted: ReadonlySet<string>,
  { databaseUrl, ...extra }: { databaseUrl: string } & Record<string, unknown>,
): Promise<EndpointLedger[] & { statuses: Record<string, number> }> {
  const received = () => fixture.receivers.every((r) => missingIds(r, accepted).length === 0);
  // A POST that arrived but whose attempt was never recorded (a lost job) stays pending: that fails the run too.
  const complete = async () => received() && Object.keys(await deliveryStatuses(databaseUrl)).join() === "success";
  await eventually(complete, {
    timeoutMs: runSize.settleMs,
    intervalMs: 250,
    what: "every accepted event delivered",
  }).catch(() => undefined);
  const statuses = await deliveryStatuses(databaseUrl);
  const ledgers = fixture.receivers.map((r) => ledgerOf(r, accepted));
  const missing = fixture.receivers.flatMap((r) =>
    missingIds(r, accepted)
      .slice(0, 5)
      .map((id) => `${r.name}:${id}`),
  );
  printLedger(run, ledgers, {
    ...extra,
    deliveriesInPostgres: statuses,
    bystanderRequests: fixture.bystander.requests.length,
    ...(missing.length ? { firstMissing: missing } : {}),
  });
  return Object.assign(ledgers, { statuses });
}

/** What a fault left: how many of `processes` exited (none should), and the API's /readyz answer. */
export async function stackHealth(
  stack: Stack,
  processes: readonly HeraldProcess[],
): Promise<{ exited: number; readyz: unknown }> {
  const res = await fetch(`${stack.apiUrl}/readyz`, { signal: AbortSignal.timeout(10_000) });
  return { exited: processes.filter((p) => p.child.exitCode !== null).length, readyz: await res.json() };
}

/** A healthy stack's answer, for `expect(await stackHealth(...)).toEqual(HEALTHY)`. */
export const HEALTHY = { exited: 0, readyz: { status: "ok", checks: { postgres: "ok", redis: "ok" } } };
