import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { href } from "../route.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { Action, DeliveryLink, ErrorNote, useLoad, When } from "../ui.tsx";

/** Deliveries that gave up: counts, the list, and retrying one or all. */
export function DlqPage({ client }: PageProps) {
  const stats = useLoad(() => ok(client.GET("/api/v1/webhooks/deliveries/stats")), []);
  const failed = usePagedList({
    limit: 20,
    load: (query) => ok(client.GET("/api/v1/webhooks/deliveries/failed", { params: { query } })),
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
      <div class="actions">
        <Action
          label="Retry all"
          confirm="Re-queue every failed delivery?"
          run={async () => {
            await ok(client.POST("/api/v1/webhooks/deliveries/retry-all"));
            reload();
          }}
        />
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
          ["Event", (d) => d.event.type],
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
