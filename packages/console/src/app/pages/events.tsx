import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { href } from "../route.ts";
import { ErrorNote, Json, StatusBadge, useLoad, When } from "../ui.tsx";

function EventView({ client, id }: PageProps & { id: string }) {
  const loaded = useLoad(() => ok(client.GET("/api/v1/events/{id}", { params: { path: { id } } })), [id]);
  const e = loaded.data?.data;
  return (
    <>
      <ErrorNote error={loaded.error} />
      {e && (
        <section>
          <h2>
            {e.type} <code>{e.id}</code>
          </h2>
          <p class="muted">
            <When at={e.created_at} />
          </p>
          <Json value={e.data} />
          <h3>Deliveries</h3>
          <ul>
            {e.deliveries.map((d) => (
              <li key={d.id}>
                <a href={href("deliveries", d.id)}>
                  <code>{d.id.slice(0, 8)}</code>
                </a>{" "}
                <StatusBadge status={d.status} /> to{" "}
                <a href={href("webhooks", d.webhook_id)}>webhook {d.webhook_id.slice(0, 8)}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** An event by id (from a delivery, a log line or a receiver), with where it went. */
export function EventsPage(props: PageProps & { id?: string }) {
  const [draft, setDraft] = useState(props.id ?? "");
  return (
    <main>
      <h1>Events</h1>
      <form
        class="inline"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.trim()) location.hash = href("events", draft.trim());
        }}
      >
        <label for="event-id">Event id</label>
        <input id="event-id" value={draft} onInput={(e) => setDraft(e.currentTarget.value)} required />
        <button type="submit">Look up</button>
      </form>
      <p class="muted">
        Events of one type: see <a href={href("event-types")}>event types</a>, and each webhook's deliveries.
      </p>
      {props.id && <EventView {...props} id={props.id} />}
    </main>
  );
}
