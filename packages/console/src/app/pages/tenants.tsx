import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { PagedTable, usePagedList } from "../paged-list.tsx";
import { ErrorNote, FieldError, FullId, ShownOnce, useFormSubmit, When } from "../ui.tsx";

/**
 * Mints a one-hour portal link for the tenant, optionally branded (title, colour, logo, dark mode; the API
 * validates each); the link is shown once (it holds the token).
 */
function PortalLink({ client, id }: Pick<PageProps, "client"> & { id: string }) {
  const [link, setLink] = useState<string>();
  const mint = useFormSubmit(async (fields) => {
    const text = (name: string) => String(fields.get(name) ?? "").trim();
    const branding = {
      ...(text("title") ? { title: text("title") } : {}),
      ...(fields.get("branded_color") === "on" ? { primary_color: text("primary_color") } : {}),
      ...(text("logo_url") ? { logo_url: text("logo_url") } : {}),
      ...(fields.get("dark_mode") === "on" ? { dark_mode: true } : {}),
    };
    const body = Object.keys(branding).length ? { branding } : {};
    setLink(
      (await ok(client.POST("/api/v1/tenants/{id}/portal-sessions", { params: { path: { id } }, body }))).data.url,
    );
  });
  const field = (name: string) => `portal-${id}-${name}`;
  return (
    <details>
      <summary>Portal link</summary>
      <form class="grid" onSubmit={mint.submit} aria-label="Mint a portal link">
        <label for={field("title")}>Portal title (optional)</label>
        <input id={field("title")} name="title" maxLength={80} />
        <FieldError error={mint.error} name="branding.title" id={field("title-error")} />
        <div class="check">
          <input id={field("branded_color")} name="branded_color" type="checkbox" />
          <label for={field("branded_color")}>Own colour</label>
          <input
            id={field("primary_color")}
            name="primary_color"
            type="color"
            defaultValue="#0b5fff"
            aria-label="Colour"
          />
        </div>
        <label for={field("logo_url")}>Logo URL (https, optional)</label>
        <input id={field("logo_url")} name="logo_url" type="url" placeholder="https://cdn.example.com/logo.png" />
        <FieldError error={mint.error} name="branding.logo_url" id={field("logo_url-error")} />
        <div class="check">
          <input id={field("dark_mode")} name="dark_mode" type="checkbox" />
          <label for={field("dark_mode")}>Dark mode</label>
        </div>
        <button type="submit" disabled={mint.busy}>
          Mint portal link
        </button>
        <ErrorNote error={mint.error} />
      </form>
      <ShownOnce what="Portal link (shown once, valid 1 h)" value={link} />
    </details>
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
