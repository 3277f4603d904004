import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { href } from "../route.ts";
import { Action, ErrorNote, Pager, useLoad, usePager, When } from "../ui.tsx";

/** Deliveries that gave up: counts, the list, and retrying one or all. */
export function DlqPage({ client }: PageProps) {
  const pager = usePager();
  const stats = useLoad(() => ok(client.GET("/api/v1/webhooks/deliveries/stats")), []);
  const failed = useLoad(
    () =>
      ok(
        client.GET("/api/v1/webhooks/deliveries/failed", {
          params: { query: { limit: 20, ...(pager.cursor ? { cursor: pager.cursor } : {}) } },
        }),
      ),
    [pager.cursor],
  );
  const reload = () => {
    stats.reload();
    failed.reload();
  };
  const s = stats.data?.data;
  return (
    <main>
      <h1>Dead letters</h1>
      <ErrorNote error={stats.error ?? failed.error} />
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
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Delivery</th>
              <th>Webhook</th>
              <th>Event</th>
              <th>Last error</th>
              <th>Failed</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {failed.data?.data.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={href("deliveries", d.id)}>
                    <code>{d.id.slice(0, 8)}</code>
                  </a>
                </td>
                <td>
                  {d.webhook.deleted ? (
                    <span class="muted">{d.webhook.url} (deleted)</span>
                  ) : (
                    <a href={href("webhooks", d.webhook.id)}>{d.webhook.url}</a>
                  )}
                </td>
                <td>{d.event.type}</td>
                <td>
                  {d.last_status_code ?? ""} {d.last_error ?? ""}
                </td>
                <td>
                  <When at={d.completed_at ?? d.updated_at} />
                </td>
                <td>
                  <Action
                    label="Retry"
                    run={async () => {
                      await ok(
                        client.POST("/api/v1/webhooks/deliveries/{deliveryId}/retry", {
                          params: { path: { deliveryId: d.id } },
                        }),
                      );
                      reload();
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failed.data?.data.length === 0 && <p class="muted">Nothing in the dead-letter queue.</p>}
      <Pager pager={pager} next={failed.data?.next} />
    </main>
  );
}
