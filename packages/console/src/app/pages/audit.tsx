import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { ErrorNote, Json, Pager, useLoad, usePager, When } from "../ui.tsx";

type Filters = {
  action?: string;
  resource_type?: string;
  actor_id?: string;
  tenant_id?: string;
  from?: string;
  to?: string;
};

function filtersOf(form: FormData): Filters {
  const out: Filters = {};
  for (const key of ["action", "resource_type", "actor_id", "tenant_id"] as const) {
    const value = String(form.get(key) ?? "").trim();
    if (value) out[key] = value;
  }
  for (const key of ["from", "to"] as const) {
    const value = String(form.get(key) ?? "");
    if (value) out[key] = new Date(value).toISOString();
  }
  return out;
}

export function AuditPage({ client, principal }: PageProps) {
  const [filters, setFilters] = useState<Filters>({});
  const pager = usePager();
  const list = useLoad(
    () =>
      ok(
        client.GET("/api/v1/audit-logs", {
          params: { query: { limit: 25, ...filters, ...(pager.cursor ? { cursor: pager.cursor } : {}) } },
        }),
      ),
    [filters, pager.cursor],
  );
  return (
    <main>
      <h1>Audit log</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(filtersOf(new FormData(e.currentTarget)));
          pager.first();
        }}
      >
        <label>
          Action <input name="action" placeholder="webhook.created" />
        </label>
        <label>
          Resource type <input name="resource_type" placeholder="webhook" />
        </label>
        <label>
          Actor <input name="actor_id" placeholder="admin or key:<id>" />
        </label>
        {principal.admin && (
          <label>
            Tenant id <input name="tenant_id" />
          </label>
        )}
        <label>
          From <input name="from" type="datetime-local" />
        </label>
        <label>
          To <input name="to" type="datetime-local" />
        </label>
        <button type="submit">Filter</button>
      </form>
      <ErrorNote error={list.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>When</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Resource</th>
              <th>Changes</th>
            </tr>
          </thead>
          <tbody>
            {list.data?.data.map((a) => (
              <tr key={a.id}>
                <td>
                  <When at={a.created_at} />
                </td>
                <td>{a.actor_id}</td>
                <td>{a.action}</td>
                <td>
                  {a.resource_type} <code>{a.resource_id ?? ""}</code>
                </td>
                <td>
                  {a.changes ? (
                    <details>
                      <summary>show</summary>
                      <Json value={a.changes} />
                    </details>
                  ) : (
                    ""
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} next={list.data?.next} />
    </main>
  );
}
