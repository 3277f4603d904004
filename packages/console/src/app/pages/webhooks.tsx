import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok, type Webhook } from "../api.ts";
import { href } from "../route.ts";
import { Badge, ErrorNote, Pager, usePager, useLoad } from "../ui.tsx";
import { HealthCell, loadHealth } from "./webhook-health.tsx";

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function CreateWebhook({ client, onCreated }: PageProps & { onCreated: () => void }) {
  const [error, setError] = useState<unknown>();
  const [secret, setSecret] = useState<string>();
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    setError(undefined);
    try {
      const description = String(form.get("description") ?? "").trim();
      const { data } = await ok(
        client.POST("/api/v1/webhooks", {
          body: {
            url: String(form.get("url")),
            events: splitList(String(form.get("events"))),
            ...(description ? { description } : {}),
          },
        }),
      );
      setSecret((data as { secret?: string }).secret);
      (e.currentTarget as HTMLFormElement | null)?.reset();
      onCreated();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section>
      <h2>New webhook</h2>
      <form class="grid" onSubmit={submit}>
        <label for="new-url">Endpoint URL</label>
        <input id="new-url" name="url" type="url" required placeholder="https://example.com/webhooks" />
        <label for="new-events">Event types (comma-separated, * wildcards)</label>
        <input id="new-events" name="events" required placeholder="order.created, invoice.*" />
        <label for="new-description">Description</label>
        <input id="new-description" name="description" />
        <button type="submit">Create webhook</button>
      </form>
      <ErrorNote error={error} />
      {secret && (
        <p class="secret" role="status">
          Signing secret (shown once): <code>{secret}</code>
        </p>
      )}
    </section>
  );
}

export function State({ webhook }: { webhook: Webhook }) {
  return webhook.enabled ? (
    <Badge tone="good">enabled</Badge>
  ) : (
    <Badge tone="bad">disabled{webhook.disabled_reason ? `: ${webhook.disabled_reason}` : ""}</Badge>
  );
}

export function WebhooksPage(props: PageProps) {
  const pager = usePager();
  const list = useLoad(async () => {
    const page = await ok(
      props.client.GET("/api/v1/webhooks", {
        params: { query: { limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) } },
      }),
    );
    // Health is a second call: a failure there still shows the list.
    const health = await loadHealth(
      props.client,
      page.data.map((w) => w.id),
    ).catch(() => new Map());
    return { ...page, health };
  }, [pager.cursor]);
  return (
    <main>
      <h1>Webhooks</h1>
      <ErrorNote error={list.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Endpoint</th>
              <th>Events</th>
              <th>State</th>
              <th>Health (24 h)</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.data.map((w) => (
              <tr key={w.id}>
                <td>
                  <a href={href("webhooks", w.id)}>{w.url}</a>
                  {w.description && <div class="muted">{w.description}</div>}
                </td>
                <td>{w.events.join(", ")}</td>
                <td>
                  <State webhook={w} />
                </td>
                <td>
                  <HealthCell health={list.data?.health.get(w.id)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data && list.data.data.length === 0 && <p class="muted">No webhooks yet.</p>}
      <Pager pager={pager} next={list.data?.next} />
      <CreateWebhook {...props} onCreated={list.reload} />
    </main>
  );
}
