import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok, type Webhook } from "../api.ts";
import { href } from "../route.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { Badge, ErrorNote, ShownOnce, useFormSubmit } from "../ui.tsx";
import { type Health, HealthCell, loadHealth } from "./webhook-health.tsx";

export function splitList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function CreateWebhook({ client, onCreated }: PageProps & { onCreated: () => void }) {
  const [secret, setSecret] = useState<string>();
  const create = useFormSubmit(async (fields, form) => {
    const description = String(fields.get("description") ?? "").trim();
    const { data } = await ok(
      client.POST("/api/v1/webhooks", {
        body: {
          url: String(fields.get("url")),
          events: splitList(String(fields.get("events"))),
          ...(description ? { description } : {}),
        },
      }),
    );
    setSecret((data as { secret?: string }).secret);
    form.reset();
    onCreated();
  });
  return (
    <section>
      <h2>New webhook</h2>
      <form class="grid" onSubmit={create.submit}>
        <label for="new-url">Endpoint URL</label>
        <input id="new-url" name="url" type="url" required placeholder="https://example.com/webhooks" />
        <label for="new-events">Event types (comma-separated, * wildcards)</label>
        <input id="new-events" name="events" required placeholder="order.created, invoice.*" />
        <label for="new-description">Description</label>
        <input id="new-description" name="description" />
        <button type="submit">Create webhook</button>
      </form>
      <ErrorNote error={create.error} />
      <ShownOnce what="Signing secret (shown once)" value={secret} />
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
  const list = usePagedList({
    limit: 25,
    load: async (query) => {
      const page = await ok(props.client.GET("/api/v1/webhooks", { params: { query } }));
      // Health is a second call: a failure there still shows the list.
      const health = await loadHealth(
        props.client,
        page.data.map((w) => w.id),
      ).catch(() => new Map<string, Health>());
      return { ...page, health };
    },
  });
  return (
    <main>
      <h1>Webhooks</h1>
      <PagedTable
        list={list}
        empty="No webhooks yet."
        columns={[
          [
            "Endpoint",
            (w) => (
              <>
                <a href={href("webhooks", w.id)}>{w.url}</a>
                {w.description && <div class="muted">{w.description}</div>}
              </>
            ),
          ],
          ["Events", (w) => w.events.join(", ")],
          ["State", (w) => <State webhook={w} />],
          ["Health (24 h)", (w) => <HealthCell health={list.data?.health.get(w.id)} />],
        ]}
      />
      <CreateWebhook {...props} onCreated={list.reload} />
    </main>
  );
}
