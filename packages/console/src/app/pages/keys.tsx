import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { Action, Badge, ErrorNote, FullId, ShownOnce, useFormSubmit, When } from "../ui.tsx";

/** The form for a new key; the key is shown once, as the API answers it only on creation. */
function CreateKey({ client, onCreated }: Pick<PageProps, "client"> & { onCreated: () => void }) {
  const [key, setKey] = useState<string>();
  const create = useFormSubmit(async (fields, form) => {
    const tenant = String(fields.get("tenant_id") ?? "").trim();
    const body = { name: String(fields.get("name")), ...(tenant ? { tenant_id: tenant } : {}) };
    setKey(((await ok(client.POST("/api/v1/api-keys", { body }))).data as { key?: string }).key);
    form.reset();
    onCreated();
  });
  return (
    <section>
      <h2>New key</h2>
      <form class="grid" onSubmit={create.submit}>
        <label for="key-name">Name</label>
        <input id="key-name" name="name" required />
        <label for="key-tenant">Tenant id (empty: an admin key)</label>
        <input id="key-tenant" name="tenant_id" />
        <button type="submit">Create key</button>
      </form>
      <ErrorNote error={create.error} />
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
