import type { HeraldClient } from "@herald/client";
import { useState } from "preact/hooks";
import { ok } from "../api.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { DeliveryLink, StatusBadge, When } from "../ui.tsx";

const STATUSES = ["pending", "success", "failed", "cancelled"] as const;
type Status = (typeof STATUSES)[number];

/** A webhook's deliveries, newest first, filtered by status, a page at a time. */
export function WebhookDeliveries({ client, id }: { client: HeraldClient; id: string }) {
  const [status, setStatus] = useState<Status | "">("");
  const list = usePagedList({
    limit: 20,
    filters: [id, status],
    load: (query) =>
      ok(
        client.GET("/api/v1/webhooks/{id}/deliveries", {
          params: { path: { id }, query: { ...query, ...(status ? { status } : {}) } },
        }),
      ),
  });
  return (
    <section>
      <h2>Deliveries</h2>
      <label for="delivery-status">Status</label>{" "}
      <select id="delivery-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as Status | "")}>
        <option value="">all</option>
        {STATUSES.map((s) => (
          <option key={s} value={s}>
            {s}
          </option>
        ))}
      </select>{" "}
      <button type="button" onClick={list.reload}>
        Refresh
      </button>
      <PagedTable
        list={list}
        empty="No deliveries."
        columns={[
          ["Delivery", (d) => <DeliveryLink id={d.id} />],
          ["Status", (d) => <StatusBadge status={d.status} />],
          ["Event type", (d) => d.event_type],
          ["Attempts", (d) => d.attempt_count],
          ["Last answer", (d) => `${d.last_status_code ?? ""} ${d.last_error ?? ""}`],
          ["Created", (d) => <When at={d.created_at} />],
        ]}
      />
    </section>
  );
}
