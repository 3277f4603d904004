import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok, type Webhook } from "../api.ts";
import { href } from "../route.ts";
import { Action, ErrorNote, Json, ShownOnce, useFormSubmit, useLoad, When } from "../ui.tsx";
import { DeliveryCharts } from "./delivery-charts.tsx";
import { WebhookHeaders } from "./webhook-headers.tsx";
import { WebhookDeliveries } from "./webhook-deliveries.tsx";
import { State, splitList } from "./webhooks.tsx";

type TestAnswer = { success: boolean; response_code: number | null; duration_ms: number; error?: string };

function EditWebhook({ client, webhook, onSaved }: PageProps & { webhook: Webhook; onSaved: () => void }) {
  const save = useFormSubmit(async (fields) => {
    const description = String(fields.get("description") ?? "").trim();
    await ok(
      client.PATCH("/api/v1/webhooks/{id}", {
        params: { path: { id: webhook.id } },
        body: {
          url: String(fields.get("url")),
          events: splitList(String(fields.get("events"))),
          description: description || null,
        },
      }),
    );
    onSaved();
  });
  return (
    <form class="grid" onSubmit={save.submit}>
      <label for="edit-url">Endpoint URL</label>
      <input id="edit-url" name="url" type="url" required value={webhook.url} />
      <label for="edit-events">Event types (comma-separated)</label>
      <input id="edit-events" name="events" required value={webhook.events.join(", ")} />
      <label for="edit-description">Description</label>
      <input id="edit-description" name="description" value={webhook.description ?? ""} />
      <button type="submit">Save changes</button>
      <ErrorNote error={save.error} />
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
  const [test, setTest] = useState<TestAnswer>();
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
            <dt>Signature</dt>
            <dd>{webhook.signature_scheme}</dd>
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
              label="Send test"
              run={async () => {
                setTest((await ok(client.POST("/api/v1/webhooks/{id}/test", { ...path, body: {} }))).data);
              }}
            />
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
          {test && (
            <section class="test-answer" aria-label="test answer" role="status">
              <h2>Test send</h2>
              <p>
                {test.success ? "Delivered" : "Failed"}: HTTP {test.response_code ?? "none"} in {test.duration_ms} ms
                {test.error ? ` (${test.error})` : ""}
              </p>
            </section>
          )}
          <details>
            <summary>Edit</summary>
            <EditWebhook {...props} webhook={webhook} onSaved={hook.reload} />
          </details>
          <details>
            <summary>Custom headers</summary>
            <WebhookHeaders client={client} webhook={webhook} onSaved={hook.reload} />
          </details>
          <details>
            <summary>Recover failed deliveries in a time window</summary>
            <Recover client={client} id={id} />
          </details>
          {webhook.filter && (
            <details>
              <summary>Payload filter</summary>
              <Json value={webhook.filter} />
            </details>
          )}
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
