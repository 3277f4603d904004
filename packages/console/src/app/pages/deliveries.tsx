import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { type DeliveryFilter, DeliveryFilterForm } from "../delivery-filters.tsx";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { href } from "../route.ts";
import { DeliveryLink, FullId, StatusBadge, When } from "../ui.tsx";

/** Every delivery the caller can see, newest first, filtered by status, webhook, tenant, event type and time. */
export function DeliveriesPage({ client, principal }: PageProps) {
  const [filter, setFilter] = useState<DeliveryFilter>({});
  const list = usePagedList({
    limit: 25,
    filters: [JSON.stringify(filter)],
    load: (query) => ok(client.GET("/api/v1/deliveries", { params: { query: { ...query, ...filter } } })),
  });
  return (
    <main>
      <h1>Deliveries</h1>
      <DeliveryFilterForm admin={principal.admin} withStatus onApply={setFilter} />
      <button type="button" onClick={list.reload}>
        Refresh
      </button>
      <PagedTable
        list={list}
        empty="No deliveries match."
        columns={[
          ["Delivery", (d) => <DeliveryLink id={d.id} />],
          ["Status", (d) => <StatusBadge status={d.status} />],
          ["Event type", (d) => d.event_type],
          ["Webhook", (d) => <FullId id={d.webhook_id} to={href("webhooks", d.webhook_id)} />],
          ["Tenant", (d) => (d.tenant_id ? <FullId id={d.tenant_id} /> : "global")],
          ["Attempts", (d) => d.attempt_count],
          ["Last answer", (d) => `${d.last_status_code ?? ""} ${d.last_error ?? ""}`],
          ["Created", (d) => <When at={d.created_at} />],
        ]}
      />
    </main>
  );
}
