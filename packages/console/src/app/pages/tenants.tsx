import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { Action, ErrorNote, FullId, ShownOnce, useFormSubmit, When } from "../ui.tsx";

/** Mints a one-hour portal link for the tenant; the link is shown once (it holds the token). */
function PortalLink({ client, id }: Pick<PageProps, "client"> & { id: string }) {
  const [link, setLink] = useState<string>();
  return (
    <>
      <Action
        label="Portal link"
        run={async () => {
          setLink(
            (await ok(client.POST("/api/v1/tenants/{id}/portal-sessions", { params: { path: { id } }, body: {} }))).data
              .url,
          );
        }}
      />
      <ShownOnce what="Portal link (shown once, valid 1 h)" value={link} />
    </>
  );
}

function CreateTenant({ client, onCreated }: Pick<PageProps, "client"> & { onCreated: () => void }) {
  const create = useFormSubmit(async (fields, form) => {
    await ok(client.POST("/api/v1/tenants", { body: { name: String(fields.get("name")) } }));
    form.reset();
    onCreated();
  });
  return (
    <section>
      <h2>New tenant</h2>
      <form class="inline" onSubmit={create.submit}>
        <label for="tenant-name">Name</label>
        <input id="tenant-name" name="name" required />
        <button type="submit">Create tenant</button>
      </form>
      <ErrorNote error={create.error} />
    </section>
  );
}

export function TenantsPage({ client }: PageProps) {
  const list = usePagedList({ limit: 25, load: (query) => ok(client.GET("/api/v1/tenants", { params: { query } })) });
  return (
    <main>
      <h1>Tenants</h1>
      <PagedTable
        list={list}
        columns={[
          ["Name", (t) => t.name],
          ["Id", (t) => <FullId id={t.id} />],
          ["Created", (t) => <When at={t.created_at} />],
          ["", (t) => <PortalLink client={client} id={t.id} />],
        ]}
      />
      <CreateTenant client={client} onCreated={list.reload} />
    </main>
  );
}
