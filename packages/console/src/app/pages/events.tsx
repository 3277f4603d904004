import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { href } from "../route.ts";
import { TimeWindowFields } from "../delivery-filters.tsx";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { CopyButton, DeliveryLink, ErrorNote, FullId, isoFromLocal, Json, StatusBadge, useLoad, When } from "../ui.tsx";

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
            {e.type} <FullId id={e.id} what="event id" />
          </h2>
          <p class="muted">
            <When at={e.created_at} />
          </p>
          <h3>
            Envelope (what receivers get) <CopyButton value={e.envelope} what="envelope" />
          </h3>
          <Json value={JSON.parse(e.envelope)} />
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

/** Which events the list shows (fields left out when empty), as GET /events takes them. */
interface EventFilter {
  type?: string;
  tenant_id?: string;
  since?: string;
  until?: string;
}

/** The caller's events, newest first, of one type or pattern (`invoice.*`), a tenant and a window, or all. */
function EventList({ client, filter }: PageProps & { filter: EventFilter }) {
  const list = usePagedList({
    limit: 25,
    filters: [JSON.stringify(filter)],
    load: (query) => ok(client.GET("/api/v1/events", { params: { query: { ...query, ...filter } } })),
  });
  return (
    <section aria-label="events">
      <PagedTable
        list={list}
        empty={`No events${filter.type ? ` of type ${filter.type}` : ""}.`}
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

function eventFilterOf(form: FormData): EventFilter {
  const field = (name: string) => String(form.get(name) ?? "").trim();
  const values: Record<string, string> = {
    type: field("type"),
    tenant_id: field("tenant_id"),
    since: isoFromLocal(field("since")),
    until: isoFromLocal(field("until")),
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v));
}

/** An event by id (from a delivery, a log line or a receiver), with where it went; or the events of a type. */
export function EventsPage(props: PageProps & { id?: string; scope?: string }) {
  const [draft, setDraft] = useState(props.id ?? "");
  const [filter, setFilter] = useState<EventFilter>({});
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
            class="filters"
            aria-label="filters"
            onSubmit={(e) => {
              e.preventDefault();
              setFilter(eventFilterOf(new FormData(e.currentTarget)));
            }}
          >
            <label>
              Event type
              <input name="type" placeholder="all types; invoice.* or invoice.paid" />
            </label>
            {props.principal.admin && (
              <label>
                Tenant id
                <input name="tenant_id" placeholder="any tenant" />
              </label>
            )}
            <TimeWindowFields />
            <button type="submit">List</button>
          </form>
          <EventList {...props} filter={filter} />
        </>
      )}
    </main>
  );
}
