import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { FullId, Json, When } from "../ui.tsx";

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
  const list = usePagedList({
    limit: 25,
    filters: [filters],
    load: (query) => ok(client.GET("/api/v1/audit-logs", { params: { query: { ...query, ...filters } } })),
  });
  return (
    <main>
      <h1>Audit log</h1>
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilters(filtersOf(new FormData(e.currentTarget)));
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
      <PagedTable
        list={list}
        columns={[
          ["When", (a) => <When at={a.created_at} />],
          ["Actor", (a) => a.actor_id],
          ["Action", (a) => a.action],
          [
            "Resource",
            (a) => (
              <>
                {a.resource_type} {a.resource_id && <FullId id={a.resource_id} />}
              </>
            ),
          ],
          [
            "Changes",
            (a) =>
              a.changes ? (
                <details>
                  <summary>show</summary>
                  <Json value={a.changes} />
                </details>
              ) : (
                ""
              ),
          ],
        ]}
      />
    </main>
  );
}
