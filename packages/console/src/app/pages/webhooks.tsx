import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok, type Webhook } from "../api.ts";
import { href } from "../route.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { Badge, ErrorNote, FieldError, ShownOnce, useFormSubmit, useLoad } from "../ui.tsx";
import { readWebhookForm, useEventCatalog, WebhookFields } from "./webhook-form.tsx";
import { type Health, HealthCell, loadHealth } from "./webhook-health.tsx";

/** An admin's choice of owner for a new webhook: global, or one tenant (the first 100 by creation). */
function TenantPicker({ client, error }: Pick<PageProps, "client"> & { error: unknown }) {
  const tenants = useLoad(async () => {
    const { data } = await ok(client.GET("/api/v1/tenants", { params: { query: { limit: 100 } } }));
    return data;
  }, []);
  return (
    <>
      <label for="new-tenant_id">Tenant</label>
      <select id="new-tenant_id" name="tenant_id">
        <option value="">Global (no tenant)</option>
        {tenants.data?.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name} ({t.id})
          </option>
        ))}
      </select>
      <ErrorNote error={tenants.error} />
      <FieldError error={error} name="tenant_id" id="new-tenant_id-error" />
    </>
  );
}

function CreateWebhook({ client, principal, onCreated }: PageProps & { onCreated: () => void }) {
  const [secret, setSecret] = useState<string>();
  const catalog = useEventCatalog(client);
  const create = useFormSubmit(async (fields, form) => {
    setSecret(undefined);
    const body = readWebhookForm(fields, { create: true });
    const { data } = await ok(client.POST("/api/v1/webhooks", { body }));
    setSecret((data as { secret?: string }).secret);
    // Cleared once created: pressing the button again makes nothing (the URL is required).
    form.reset();
    onCreated();
  });
  return (
    <section>
      <h2>New webhook</h2>
      <form class="grid" onSubmit={create.submit} aria-label="New webhook">
        <WebhookFields
          prefix="new"
          catalog={catalog.data ?? []}
          error={create.error}
          tenantPicker={principal.admin ? <TenantPicker client={client} error={create.error} /> : undefined}
        />
        <button type="submit" disabled={create.busy}>
          Create webhook
        </button>
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
