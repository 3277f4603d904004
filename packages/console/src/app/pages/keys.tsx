import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { Action, Badge, ErrorNote, FullId, ShownOnce, useFormSubmit, useLoad, When } from "../ui.tsx";

/**
 * The form for a new key: a tenant key for the tenant picked, or an admin key
 * only when "Admin key" is chosen (never from a blank tenant). The key is
 * shown once, as the API answers it only on creation.
 */
function CreateKey({ client, onCreated }: Pick<PageProps, "client"> & { onCreated: () => void }) {
  const [key, setKey] = useState<string>();
  const [kind, setKind] = useState<"tenant" | "admin">("tenant");
  const tenants = useLoad(
    async () => (await ok(client.GET("/api/v1/tenants", { params: { query: { limit: 100 } } }))).data,
    [],
  );
  const create = useFormSubmit(async (fields, form) => {
    const name = String(fields.get("name"));
    const body = kind === "admin" ? { name, admin: true } : { name, tenant_id: String(fields.get("tenant_id")) };
    setKey(((await ok(client.POST("/api/v1/api-keys", { body }))).data as { key?: string }).key);
    form.reset();
    setKind("tenant");
    onCreated();
  });
  return (
    <section>
      <h2>New key</h2>
      <form class="grid" onSubmit={create.submit}>
        <label for="key-name">Name</label>
        <input id="key-name" name="name" required />
        <label for="key-kind">Kind</label>
        <select id="key-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as "tenant" | "admin")}>
          <option value="tenant">Tenant key (one tenant's webhooks and events)</option>
          <option value="admin">Admin key (every tenant, every operation)</option>
        </select>
        {kind === "tenant" && (
          <>
            <label for="key-tenant">Tenant</label>
            <select id="key-tenant" name="tenant_id" required>
              <option value="">Pick a tenant</option>
              {(tenants.data ?? []).map((tenant) => (
                <option key={tenant.id} value={tenant.id}>
                  {tenant.name} ({tenant.id})
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit">{kind === "admin" ? "Create admin key" : "Create tenant key"}</button>
      </form>
      <ErrorNote error={tenants.error ?? create.error} />
      <ShownOnce what="New key (shown once)" value={key} />
    </section>
  );
}

export function KeysPage({ client }: PageProps) {
  const list = usePagedList({ limit: 25, load: (query) => ok(client.GET("/api/v1/api-keys", { params: { query } })) });
  return (
    <main>
      <h1>API keys</h1>
      <PagedTable
        list={list}
        columns={[
          ["Name", (k) => k.name],
          ["Prefix", (k) => <code>{k.key_prefix}</code>],
          ["Role", (k) => k.role],
          ["Tenant", (k) => (k.tenant_id ? <FullId id={k.tenant_id} /> : "")],
          ["Last used", (k) => <When at={k.last_used_at} />],
          [
            "",
            (k) =>
              k.revoked_at ? (
                <Badge tone="warn">revoked</Badge>
              ) : (
                <Action
                  label="Revoke"
                  kind="danger"
                  confirm="Revoke this key?"
                  run={async () => {
                    await ok(client.DELETE("/api/v1/api-keys/{id}", { params: { path: { id: k.id } } }));
                    list.reload();
                  }}
                />
              ),
          ],
        ]}
      />
      <CreateKey client={client} onCreated={list.reload} />
    </main>
  );
}
