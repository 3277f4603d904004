import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { href } from "../route.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { DeliveryLink, ErrorNote, FullId, Json, StatusBadge, useLoad, When } from "../ui.tsx";

/**
 * An event's page. Event ids are unique per tenant, so a link names the
 * event's tenant (or global): an admin's lookup needs it when two tenants use the id.
 */
export function eventHref(id: string, tenantId: string | null): string {
  return href("events", id, tenantId ?? "global");
}

function EventView({ client, id, scope }: PageProps & { id: string; scope?: string }) {
  const loaded = useLoad(
    () =>
      ok(
        client.GET("/api/v1/events/{id}", {
          params: { path: { id }, query: scope ? { tenant_id: scope } : {} },
        }),
      ),
    [id, scope],
  );
  const e = loaded.data?.data;
  return (
    <>
      <ErrorNote error={loaded.error} />
      {e && (
        <section>
          <h2>
            {e.type} <FullId id={e.id} />
          </h2>
          <p class="muted">
            <When at={e.created_at} />
          </p>
          <Json value={e.data} />
          <h3>Deliveries</h3>
          <ul>
            {e.deliveries.map((d) => (
              <li key={d.id}>
                <DeliveryLink id={d.id} /> <StatusBadge status={d.status} /> to webhook{" "}
                <FullId id={d.webhook_id} to={href("webhooks", d.webhook_id)} />
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** The caller's events, newest first, of one type or pattern (`invoice.*`), or all. */
function EventList({ client, type }: PageProps & { type: string }) {
  const list = usePagedList({
    limit: 25,
    filters: [type],
    load: (query) => ok(client.GET("/api/v1/events", { params: { query: { ...query, ...(type ? { type } : {}) } } })),
  });
  return (
    <section aria-label="events">
      <PagedTable
        list={list}
        empty={`No events${type ? ` of type ${type}` : ""}.`}
        columns={[
          ["Event", (e) => <FullId id={e.id} to={eventHref(e.id, e.tenant_id)} />],
          ["Event type", (e) => e.type],
          ["Tenant", (e) => (e.tenant_id ? <FullId id={e.tenant_id} /> : "global")],
          ["Created", (e) => <When at={e.created_at} />],
        ]}
      />
    </section>
  );
}

/** An event by id (from a delivery, a log line or a receiver), with where it went; or the events of a type. */
export function EventsPage(props: PageProps & { id?: string; scope?: string }) {
  const [draft, setDraft] = useState(props.id ?? "");
  const [typeDraft, setTypeDraft] = useState("");
  const [type, setType] = useState("");
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
      {props.id ? (
        <EventView {...props} id={props.id} scope={props.scope} />
      ) : (
        <>
          <form
            class="inline"
            onSubmit={(e) => {
              e.preventDefault();
              setType(typeDraft.trim());
            }}
          >
            <label for="event-type">Event type</label>
            <input
              id="event-type"
              value={typeDraft}
              placeholder="all types; invoice.* or invoice.paid"
              onInput={(e) => setTypeDraft(e.currentTarget.value)}
            />
            <button type="submit">List</button>
          </form>
          <EventList {...props} type={type} />
        </>
      )}
    </main>
  );
}
