import { useState } from "preact/hooks";
import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { Action, Badge, ErrorNote, Pager, useLoad, usePager, When } from "../ui.tsx";

export function KeysPage({ client }: PageProps) {
  const pager = usePager();
  const list = useLoad(
    () =>
      ok(
        client.GET("/api/v1/api-keys", {
          params: { query: { limit: 25, ...(pager.cursor ? { cursor: pager.cursor } : {}) } },
        }),
      ),
    [pager.cursor],
  );
  const [error, setError] = useState<unknown>();
  const [key, setKey] = useState<string>();
  const create = async (e: SubmitEvent) => {
    e.preventDefault();
    const form = e.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const tenant = String(data.get("tenant_id") ?? "").trim();
    setError(undefined);
    try {
      const answer = await ok(
        client.POST("/api/v1/api-keys", {
          body: { name: String(data.get("name")), ...(tenant ? { tenant_id: tenant } : {}) },
        }),
      );
      setKey((answer.data as { key?: string }).key);
      form.reset();
      list.reload();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <main>
      <h1>API keys</h1>
      <ErrorNote error={list.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Prefix</th>
              <th>Role</th>
              <th>Tenant</th>
              <th>Last used</th>
              <th></th>
            </tr>
          </thead>
          <tbody>
            {list.data?.data.map((k) => (
              <tr key={k.id}>
                <td>{k.name}</td>
                <td>
                  <code>{k.key_prefix}</code>
                </td>
                <td>{k.role}</td>
                <td>
                  <code>{k.tenant_id ?? ""}</code>
                </td>
                <td>
                  <When at={k.last_used_at} />
                </td>
                <td>
                  {k.revoked_at ? (
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
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager pager={pager} next={list.data?.next} />
      <h2>New key</h2>
      <form class="grid" onSubmit={create}>
        <label for="key-name">Name</label>
        <input id="key-name" name="name" required />
        <label for="key-tenant">Tenant id (empty: an admin key)</label>
        <input id="key-tenant" name="tenant_id" />
        <button type="submit">Create key</button>
      </form>
      <ErrorNote error={error} />
      {key && (
        <p class="secret" role="status">
          New key (shown once): <code>{key}</code>
        </p>
      )}
    </main>
  );
}
