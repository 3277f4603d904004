import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok, type Webhook } from "../api.ts";
import { href } from "../route.ts";
import { Action, ErrorNote, ShownOnce, useFormSubmit, useLoad, When } from "../ui.tsx";
import { DeliveryCharts } from "./delivery-charts.tsx";
import {
  changedFields,
  type EventTypeEntry,
  readWebhookForm,
  useEventCatalog,
  WebhookFields,
} from "./webhook-form.tsx";
import { WebhookFilterTest } from "./webhook-filter-test.tsx";
import { WebhookHeaders } from "./webhook-headers.tsx";
import { WebhookTestSend } from "./webhook-test-send.tsx";
import { WebhookDeliveries } from "./webhook-deliveries.tsx";
import { State } from "./webhooks.tsx";

function EditWebhook({
  client,
  webhook,
  catalog,
  onSaved,
}: Pick<PageProps, "client"> & { webhook: Webhook; catalog: EventTypeEntry[]; onSaved: () => void }) {
  const [saved, setSaved] = useState<string>();
  const save = useFormSubmit(async (fields) => {
    setSaved(undefined);
    const body = changedFields(readWebhookForm(fields, { create: false }), webhook);
    if (Object.keys(body).length === 0) {
      setSaved("Nothing changed.");
      return;
    }
    await ok(client.PATCH("/api/v1/webhooks/{id}", { params: { path: { id: webhook.id } }, body }));
    setSaved("Saved.");
    onSaved();
  });
  return (
    <form class="grid" onSubmit={save.submit} aria-label="Edit webhook">
      {/* Keyed by the saved version: after a save the fields start again from what the API answered. */}
      <WebhookFields key={webhook.updated_at} prefix="edit" webhook={webhook} catalog={catalog} error={save.error} />
      <button type="submit" disabled={save.busy}>
        Save changes
      </button>
      <ErrorNote error={save.error} />
      {saved && <p role="status">{saved}</p>}
    </form>
  );
}

function Recover({ client, id }: { client: PageProps["client"]; id: string }) {
  const [answer, setAnswer] = useState<string>();
  const recover = useFormSubmit(async (fields) => {
    const until = String(fields.get("until") ?? "");
    const body = {
      since: new Date(String(fields.get("since"))).toISOString(),
      ...(until ? { until: new Date(until).toISOString() } : {}),
    };
    const { data } = await ok(client.POST("/api/v1/webhooks/{id}/recover", { params: { path: { id } }, body }));
    setAnswer(`${data.recovered} failed deliveries re-queued`);
  });
  return (
    <form class="grid" onSubmit={recover.submit}>
      <label for="recover-since">Failed since</label>
      <input id="recover-since" name="since" type="datetime-local" required />
      <label for="recover-until">Until (empty = now)</label>
      <input id="recover-until" name="until" type="datetime-local" />
      <button type="submit">Recover window</button>
      <ErrorNote error={recover.error} />
      {answer && <p role="status">{answer}</p>}
    </form>
  );
}

export function WebhookPage(props: PageProps & { id: string }) {
  const { client, id } = props;
  const hook = useLoad(() => ok(client.GET("/api/v1/webhooks/{id}", { params: { path: { id } } })), [id]);
  const [secret, setSecret] = useState<string>();
  const catalog = useEventCatalog(client);
  const [deleted, setDeleted] = useState(false);
  const path = { params: { path: { id } } };
  if (deleted)
    return (
      <main>
        <p role="status">
          Webhook deleted. <a href={href("webhooks")}>Back to webhooks</a>
        </p>
      </main>
    );
  const webhook = hook.data?.data;
  return (
    <main>
      <p>
        <a href={href("webhooks")}>← Webhooks</a>
      </p>
      <ErrorNote error={hook.error} />
      {webhook && (
        <>
          <h1 class="break">{webhook.url}</h1>
          {webhook.description && <p class="description">{webhook.description}</p>}
          <dl class="facts">
            <dt>State</dt>
            <dd>
              <State webhook={webhook} />
            </dd>
            <dt>Events</dt>
            <dd>{webhook.events.join(", ")}</dd>
            <dt>Tenant</dt>
            <dd>{webhook.tenant_id ? <code>{webhook.tenant_id}</code> : "global"}</dd>
            <dt>Signature</dt>
            <dd>{webhook.signature_scheme}</dd>
            <dt>Ordering</dt>
            <dd>
              {webhook.ordering}
              {webhook.ordering === "fifo" ? ` (on failure: ${webhook.fifo_on_failure})` : ""}
            </dd>
            <dt>Rate limit</dt>
            <dd>{webhook.rate_limit === null ? "unlimited" : `${webhook.rate_limit}/s`}</dd>
            <dt>Max in flight</dt>
            <dd>{webhook.max_in_flight ?? "unlimited"}</dd>
            <dt>Notification email</dt>
            <dd>{webhook.notification_email ?? "none"}</dd>
            <dt>Payload filter</dt>
            <dd>{webhook.filter ? <code>{JSON.stringify(webhook.filter)}</code> : "none"}</dd>
            <dt>Custom headers</dt>
            <dd>{webhook.headers ? Object.keys(webhook.headers).join(", ") : "none"}</dd>
            <dt>Created</dt>
            <dd>
              <When at={webhook.created_at} />
            </dd>
            <dt>Id</dt>
            <dd>
              <code>{webhook.id}</code>
            </dd>
          </dl>
          <div class="actions">
            {webhook.enabled ? (
              <Action
                label="Disable"
                run={async () => {
                  await ok(client.PATCH("/api/v1/webhooks/{id}", { ...path, body: { enabled: false } }));
                  hook.reload();
                }}
              />
            ) : (
              <Action
                label="Enable"
                run={async () => {
                  await ok(client.PATCH("/api/v1/webhooks/{id}", { ...path, body: { enabled: true } }));
                  hook.reload();
                }}
              />
            )}
            <Action
              label="Rotate secret"
              confirm="Rotate the signing secret?"
              run={async () => {
                const { data } = await ok(client.POST("/api/v1/webhooks/{id}/rotate-secret", { ...path, body: {} }));
                setSecret((data as { secret?: string }).secret ?? data.public_key ?? "");
                hook.reload();
              }}
            />
            <Action
              label="Delete"
              kind="danger"
              confirm="Delete this webhook?"
              run={async () => {
                await ok(client.DELETE("/api/v1/webhooks/{id}", path));
                setDeleted(true);
              }}
            />
          </div>
          <ShownOnce what="New secret (shown once)" value={secret} />
          <WebhookTestSend client={client} id={id} catalog={catalog.data ?? []} />
          <details>
            <summary>Edit</summary>
            <EditWebhook client={client} webhook={webhook} catalog={catalog.data ?? []} onSaved={hook.reload} />
          </details>
          <details>
            <summary>Custom headers</summary>
            <WebhookHeaders client={client} webhook={webhook} onSaved={hook.reload} />
          </details>
          <details>
            <summary>Recover failed deliveries in a time window</summary>
            <Recover client={client} id={id} />
          </details>
          <details>
            <summary>Test the payload filter on a recent event</summary>
            <WebhookFilterTest client={client} id={id} admin={props.principal.admin} savedFilter={webhook.filter} />
          </details>
          <WebhookDeliveries client={client} id={id} />
          <details>
            <summary>Charts</summary>
            <DeliveryCharts client={client} webhookId={id} />
          </details>
        </>
      )}
    </main>
  );
}
