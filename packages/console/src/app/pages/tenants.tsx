import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { Action, ErrorNote, Pager, useLoad, usePager, When } from "../ui.tsx";

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
      {link && (
        <p class="secret" role="status">
          Portal link (shown once, valid 1 h): <code>{link}</code>
        </p>
      )}
    </>
  );
}

export function TenantsPage({ client }: PageProps) {
  const pager = usePager();
  const list = useLoad(
    () =>
      ok(
        client.GET("/api/v1/tenants", {
          params: { query: { limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) } },
        }),
      ),
    [pager.cursor],
  );
  const [error, setError] = useState<unknown>();
  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    setError(undefined);
    try {
      await ok(client.POST("/api/v1/tenants", { body: { name: String(new FormData(form).get("name")) } }));
      form.reset();
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <main>
      <h1>Tenants</h1>
      <ErrorNote error={list.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Id</th>
              <th>Created</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {list.data?.data.map((t) => (
              <tr key={t.id}>
                <td>{t.name}</td>
                <td>
                  <code>{t.id}</code>
                </td>
                <td>
                  <When at={t.created_at} />
                </td>
                <td>
                  <PortalLink client={client} id={t.id} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} next={list.data?.next} />
      <h2>New tenant</h2>
      <form class="inline" onSubmit={create}>
        <label for="tenant-name">Name</label>
        <input id="tenant-name" name="name" required />
        <button type="submit">Create tenant</button>
      </form>
      <ErrorNote error={error} />
    </main>
  );
}
