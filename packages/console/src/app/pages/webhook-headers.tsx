import type { PageProps } from "../app.tsx";
import { ok, type Webhook } from "../api.ts";
import { Action, ErrorNote, useFormSubmit } from "../ui.tsx";

/**
 * A webhook's custom headers: names, each with its value "set" (the API never
 * answers a value), a form that sets or replaces one header, and a removal per name.
 * Each change names only its header, so the others keep values nobody here
 * can read.
 */
export function WebhookHeaders({
  client,
  webhook,
  onSaved,
}: Pick<PageProps, "client"> & { webhook: Webhook; onSaved: () => void }) {
  const path = { params: { path: { id: webhook.id } } };
  const change = (headers: Record<string, string | null>) =>
    ok(client.PATCH("/api/v1/webhooks/{id}", { ...path, body: { headers } }));
  const set = useFormSubmit(async (fields, form) => {
    await change({ [String(fields.get("name")).trim()]: String(fields.get("value")) });
    form.reset();
    onSaved();
  });
  const names = Object.keys(webhook.headers ?? {});
  return (
    <>
      {names.length === 0 ? (
        <p class="muted">No custom headers.</p>
      ) : (
        <ul aria-label="custom headers">
          {names.map((name) => (
            <li key={name}>
              <span>
                <code>{name}</code>: value set
              </span>{" "}
              <Action
                label={`Remove ${name}`}
                confirm={`Remove the ${name} header?`}
                run={async () => {
                  await change({ [name]: null });
                  onSaved();
                }}
              />
            </li>
          ))}
        </ul>
      )}
      <form class="grid" onSubmit={set.submit}>
        <label for="header-name">Header name</label>
        <input id="header-name" name="name" required maxLength={100} placeholder="Authorization" />
        <label for="header-value">Header value (write-only; a name already set is replaced)</label>
        <input id="header-value" name="value" type="password" autocomplete="off" required maxLength={1000} />
        <button type="submit">Set header</button>
        <ErrorNote error={set.error} />
      </form>
    </>
  );
}
