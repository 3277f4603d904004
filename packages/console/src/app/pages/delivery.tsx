import type { PageProps } from "../app.tsx";
import { type DeliveryDetail, ok } from "../api.ts";
import { href } from "../route.ts";
import { Action, CopyButton, FullId, ErrorNote, StatusBadge, useLoad, When } from "../ui.tsx";
import { eventHref } from "./events.tsx";

type Attempt = DeliveryDetail["attempts"][number];

// A receiver's answer may set a cookie or echo a credential: those response headers are not shown.
// (What Herald sent comes from the API with custom header values already masked.)
const SECRET_HEADER = /authorization|cookie|secret|token|api[-_]?key/i;

function HeaderTable({
  headers,
  label,
  hide,
}: {
  headers: Record<string, string> | null;
  label: string;
  hide?: RegExp;
}) {
  if (!headers) return <span class="muted">none recorded</span>;
  return (
    <table class="headers-table" aria-label={label}>
      <tbody>
        {Object.entries(headers).map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              <code>{hide?.test(name) ? "(hidden)" : value}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** JSON indented for reading; anything else as it is. */
function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function SentRequest({ request }: { request: NonNullable<Attempt["request"]> }) {
  return (
    <>
      <p>
        <code>
          {request.method} {request.url}
        </code>
      </p>
      <h4>Request headers</h4>
      <HeaderTable headers={request.headers} label="request headers" />
      <h4>
        Request body ({new TextEncoder().encode(request.body).length} bytes, exactly as sent){" "}
        <CopyButton value={request.body} what="request body" />
      </h4>
      <pre class="json">{request.body}</pre>
    </>
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
        <summary>Request sent</summary>
        {attempt.request ? (
          <SentRequest request={attempt.request} />
        ) : (
          <p class="muted">Nothing was sent (or this attempt predates recording requests).</p>
        )}
      </details>
      <details>
        <summary>Response</summary>
        <p>{attempt.status_code !== null ? `HTTP ${attempt.status_code}` : "no answer"}</p>
        <h4>Response headers</h4>
        <HeaderTable headers={attempt.response_headers} label="response headers" hide={SECRET_HEADER} />
        <h4>Response body (first 4 KiB)</h4>
        <pre class="json">{attempt.response_body ?? ""}</pre>
      </details>
    </li>
  );
}

/** Why a pending delivery is not going out, and until when. */
function Held({ held }: { held: NonNullable<DeliveryDetail["held"]> }) {
  return (
    <p class="held" role="status">
      <strong>Held ({held.reason.replaceAll("_", " ")}):</strong> {held.message}
      {held.until && (
        <>
          {" "}
          until <When at={held.until} />
        </>
      )}
      {held.behind_delivery_id && (
        <>
          {" "}
          (<a href={href("deliveries", held.behind_delivery_id)}>the head of the line</a>)
        </>
      )}
      .
    </p>
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
            Delivery <FullId id={d.id} what="delivery id" />
          </h1>
          {d.held && <Held held={d.held} />}
          <dl class="facts">
            <dt>Status</dt>
            <dd>
              <StatusBadge status={d.status} />
            </dd>
            <dt>Event type</dt>
            <dd>
              <code>{d.event_type}</code>
            </dd>
            <dt>Event</dt>
            <dd>
              <FullId id={d.event_id} to={eventHref(d.event_id, d.tenant_id)} what="event id" />
            </dd>
            <dt>Webhook</dt>
            <dd>
              <FullId id={d.webhook_id} to={href("webhooks", d.webhook_id)} what="webhook id" />
            </dd>
            <dt>Tenant</dt>
            <dd>{d.tenant_id ? <FullId id={d.tenant_id} what="tenant id" /> : "global"}</dd>
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
          <section aria-label="payload">
            <h2>Payload</h2>
            <pre class="json">{pretty(d.envelope)}</pre>
          </section>
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
