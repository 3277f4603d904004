import type { HeraldClient } from "@herald/client";
import { useState } from "preact/hooks";
import { ok } from "../api.ts";
import { href } from "../route.ts";
import { ErrorNote, Pager, StatusBadge, useLoad, usePager, When } from "../ui.tsx";

const STATUSES = ["pending", "success", "failed", "cancelled"] as const;
type Status = (typeof STATUSES)[number];

/** A webhook's deliveries, newest first, filtered by status, a page at a time. */
export function WebhookDeliveries({ client, id }: { client: HeraldClient; id: string }) {
  const [status, setStatus] = useState<Status | "">("");
  const pager = usePager();
  const list = useLoad(
    () =>
      ok(
        client.GET("/api/v1/webhooks/{id}/deliveries", {
          params: {
            path: { id },
            query: { limit: 20, ...(status ? { status } : {}), ...(pager.cursor ? { cursor: pager.cursor } : {}) },
          },
        }),
      ),
    [id, status, pager.cursor],
  );
  return (
    <section>
      <h2>Deliveries</h2>
      <label for="delivery-status">Status</label>{" "}
      <select
        id="delivery-status"
        value={status}
        onChange={(e) => {
          setStatus(e.currentTarget.value as Status | "");
          pager.first();
        }}
      >
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
      <ErrorNote error={list.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Delivery</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last answer</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.data.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={href("deliveries", d.id)}>
                    <code>{d.id.slice(0, 8)}</code>
                  </a>
                </td>
                <td>
                  <StatusBadge status={d.status} />
                </td>
                <td>{d.attempt_count}</td>
                <td>
                  {d.last_status_code ?? ""} {d.last_error ?? ""}
                </td>
                <td>
                  <When at={d.created_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.data?.data.length === 0 && <p class="muted">No deliveries.</p>}
      <Pager pager={pager} next={list.data?.next} />
    </section>
  );
}
