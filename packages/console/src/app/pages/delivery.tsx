import type { PageProps } from "../app.tsx";
import { type DeliveryDetail, ok } from "../api.ts";
import { href } from "../route.ts";
import { Action, ErrorNote, StatusBadge, useLoad, When } from "../ui.tsx";
import { eventHref } from "./events.tsx";

type Attempt = DeliveryDetail["attempts"][number];

// Headers that could carry a credential are never shown, whoever set them.
const SECRET_HEADER = /authorization|cookie|secret|token|signature|api[-_]?key/i;

function Headers({ headers }: { headers: Record<string, string> | null }) {
  if (!headers) return <span class="muted">none recorded</span>;
  return (
    <dl class="headers">
      {Object.entries(headers).map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{SECRET_HEADER.test(name) ? "(hidden)" : value}</dd>
        </div>
      ))}
    </dl>
  );
}

function AttemptRow({ attempt }: { attempt: Attempt }) {
  const good = attempt.status_code !== null && attempt.status_code < 300 && !attempt.error;
  return (
    <li class="attempt">
      <h3>
        Attempt {attempt.attempt_number}: <StatusBadge status={good ? "success" : "failed"} />{" "}
        {attempt.status_code !== null ? `HTTP ${attempt.status_code}` : "no answer"}, {attempt.duration_ms} ms
      </h3>
      <p class="muted">
        <When at={attempt.created_at} />
      </p>
      {attempt.error && <p class="error-text">{attempt.error}</p>}
      <details>
        <summary>Response</summary>
        <h4>Headers</h4>
        <Headers headers={attempt.response_headers} />
        <h4>Body (first 4 KiB)</h4>
        <pre class="json">{attempt.response_body ?? ""}</pre>
      </details>
    </li>
  );
}

export function DeliveryPage({ client, id }: PageProps & { id: string }) {
  const loaded = useLoad(() => ok(client.GET("/api/v1/deliveries/{id}", { params: { path: { id } } })), [id]);
  const d = loaded.data?.data;
  return (
    <main>
      <ErrorNote error={loaded.error} />
      {d && (
        <>
          <p>
            <a href={href("webhooks", d.webhook_id)}>← Webhook</a>
          </p>
          <h1>
            Delivery <code>{d.id}</code>
          </h1>
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={d.status} />
            </dd>
            <dt>Event</dt>
            <dd>
              <a href={eventHref(d.event_id, d.tenant_id)}>
                <code>{d.event_id}</code>
              </a>
            </dd>
            <dt>Attempts</dt>
            <dd>{d.attempt_count}</dd>
            <dt>Created</dt>
            <dd>
              <When at={d.created_at} />
            </dd>
            <dt>Next attempt</dt>
            <dd>
              <When at={d.next_attempt_at} />
            </dd>
          </dl>
          <div class="actions">
            <Action
              label="Retry delivery"
              run={async () => {
                await ok(
                  client.POST("/api/v1/webhooks/deliveries/{deliveryId}/retry", {
                    params: { path: { deliveryId: d.id } },
                  }),
                );
                loaded.reload();
              }}
            />
            <button type="button" onClick={loaded.reload}>
              Refresh
            </button>
          </div>
          <h2>Attempts</h2>
          <ol class="attempts">
            {/* Oldest first by time: a retry starts its attempt numbers again. */}
            {[...d.attempts]
              .sort((a, b) => a.created_at.localeCompare(b.created_at))
              .map((a) => (
                <AttemptRow key={a.id} attempt={a} />
              ))}
          </ol>
          {d.attempts.length === 0 && <p class="muted">No attempt yet.</p>}
        </>
      )}
    </main>
  );
}
