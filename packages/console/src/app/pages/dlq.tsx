import type { HeraldClient } from "@herald/client";
import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { type DeliveryFilter, DeliveryFilterForm } from "../delivery-filters.tsx";
import { href } from "../route.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { Action, DeliveryLink, ErrorNote, useLoad, When } from "../ui.tsx";

/**
 * Retry-all of the deliveries the filter shows: first asks the API how many
 * it would retry (dry_run), and retries only once the user has seen that count.
 */
function RetryAll({ client, filter, done }: { client: HeraldClient; filter: DeliveryFilter; done: () => void }) {
  const [count, setCount] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [result, setResult] = useState<string>();
  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const retryAll = (dryRun: boolean) =>
    ok(client.POST("/api/v1/webhooks/deliveries/retry-all", { body: { ...filter, dry_run: dryRun } }));
  const ask = () =>
    run(async () => {
      setResult(undefined);
      setCount((await retryAll(true)).data.retried);
    });
  const confirm = () =>
    run(async () => {
      const { retried } = (await retryAll(false)).data;
      setCount(undefined);
      setResult(`Retried ${retried} ${retried === 1 ? "delivery" : "deliveries"}.`);
      done();
    });
  return (
    <span class="action">
      {count === undefined ? (
        <button type="button" disabled={busy} onClick={ask}>
          Retry all
        </button>
      ) : count === 0 ? (
        <>
          <span>No failed deliveries to retry.</span>
          <button type="button" onClick={() => setCount(undefined)}>
            OK
          </button>
        </>
      ) : (
        <>
          <span>Retry {count === 1 ? "1 delivery" : `${count} deliveries`}?</span>
          <button type="button" disabled={busy} onClick={confirm}>
            Yes, retry {count}
          </button>
          <button type="button" onClick={() => setCount(undefined)}>
            Cancel
          </button>
        </>
      )}
      {result && <span role="status">{result}</span>}
      <ErrorNote error={error} />
    </span>
  );
}

/** Deliveries that gave up: counts, the list (filtered), and retrying one or all that the filter shows. */
export function DlqPage({ client, principal }: PageProps) {
  const [filter, setFilter] = useState<DeliveryFilter>({});
  const stats = useLoad(() => ok(client.GET("/api/v1/webhooks/deliveries/stats")), []);
  const failed = usePagedList({
    limit: 20,
    filters: [JSON.stringify(filter)],
    load: (query) =>
      ok(client.GET("/api/v1/webhooks/deliveries/failed", { params: { query: { ...query, ...filter } } })),
  });
  const reload = () => {
    stats.reload();
    failed.reload();
  };
  const s = stats.data?.data;
  return (
    <main>
      <h1>Dead letters</h1>
      <ErrorNote error={stats.error} />
      {s && (
        <dl class="stats" aria-label="delivery counts">
          {(["total", "pending", "success", "failed", "cancelled"] as const).map((k) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{s[k]}</dd>
            </div>
          ))}
        </dl>
      )}
      <DeliveryFilterForm admin={principal.admin} withStatus={false} onApply={setFilter} />
      <div class="actions">
        <RetryAll key={JSON.stringify(filter)} client={client} filter={filter} done={reload} />
        <button type="button" onClick={reload}>
          Refresh
        </button>
      </div>
      <PagedTable
        list={failed}
        empty="Nothing in the dead-letter queue."
        columns={[
          ["Delivery", (d) => <DeliveryLink id={d.id} />],
          [
            "Webhook",
            (d) =>
              d.webhook.deleted ? (
                <span class="muted">{d.webhook.url} (deleted)</span>
              ) : (
                <a href={href("webhooks", d.webhook.id)}>{d.webhook.url}</a>
              ),
          ],
          ["Event type", (d) => d.event_type],
          ["Last error", (d) => `${d.last_status_code ?? ""} ${d.last_error ?? ""}`],
          ["Failed", (d) => <When at={d.completed_at ?? d.updated_at} />],
          [
            "",
            (d) => (
              <Action
                label="Retry"
                run={async () => {
                  const path = { deliveryId: d.id };
                  await ok(client.POST("/api/v1/webhooks/deliveries/{deliveryId}/retry", { params: { path } }));
                  reload();
                }}
              />
            ),
          ],
        ]}
      />
    </main>
  );
}
