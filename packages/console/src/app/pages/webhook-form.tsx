import type { HeraldClient } from "@herald/client";
import type { ComponentChildren } from "preact";
import { ApiError, ok, type Webhook, type WebhookCreate } from "../api.ts";
import { FieldError, Json, useLoad } from "../ui.tsx";

export type EventTypeEntry = { name: string; description: string | null; schema: Record<string, unknown> | null };

/** The event-type catalog (registered and built-in, not archived), for pickers. */
export function useEventCatalog(client: HeraldClient) {
  return useLoad(async () => {
    const { data } = await ok(client.GET("/api/v1/event-types", { params: { query: { limit: 100 } } }));
    return data.filter((t) => !t.archived) as EventTypeEntry[];
  }, []);
}

function splitList(value: string): string[] {
  return value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function Field({
  id,
  label,
  error,
  name,
  children,
  hint,
}: {
  id: string;
  label: string;
  error: unknown;
  name: string;
  children: ComponentChildren;
  hint?: string;
}) {
  return (
    <>
      <label for={id}>{label}</label>
      {hint && <span class="muted hint">{hint}</span>}
      {children}
      <FieldError error={error} name={name} id={`${id}-error`} />
    </>
  );
}

/**
 * A select whose first option is the default; `current` is chosen on the first render only (not a controlled
 * value), so a re-render after a refused save keeps what the person picked.
 */
function Select({
  id,
  name,
  current,
  options,
}: {
  id: string;
  name: string;
  current?: string;
  options: [string, string][];
}) {
  return (
    <select id={id} name={name}>
      {options.map(([value, label]) => (
        <option key={value} value={value} selected={value === current}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** Catalog types as checkboxes, each with its schema; anything else (patterns like `invoice.*`) as free text. */
function EventsPicker({ prefix, chosen, catalog }: { prefix: string; chosen: string[]; catalog: EventTypeEntry[] }) {
  const names = new Set(catalog.map((t) => t.name));
  const other = chosen.filter((e) => !names.has(e));
  return (
    <>
      {catalog.length > 0 && (
        <fieldset class="catalog">
          <legend>Event types from the catalog</legend>
          {catalog.map((t) => (
            <div key={t.name} class="catalog-entry">
              <input
                type="checkbox"
                id={`${prefix}-type-${t.name}`}
                name="catalog"
                value={t.name}
                defaultChecked={chosen.includes(t.name)}
              />
              <label for={`${prefix}-type-${t.name}`}>
                <code>{t.name}</code>
              </label>
              {t.description && <span class="muted"> {t.description}</span>}
              {t.schema && (
                <details>
                  <summary>Schema of {t.name}</summary>
                  <Json value={t.schema} />
                </details>
              )}
            </div>
          ))}
        </fieldset>
      )}
      <label for={`${prefix}-events`}>Event types (comma-separated, * wildcards)</label>
      <input
        id={`${prefix}-events`}
        name="events"
        defaultValue={other.join(", ")}
        placeholder="order.created, invoice.*"
      />
    </>
  );
}

export function parseJsonField(text: string, field: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, "invalid_json", `${field}: is not valid JSON`, { [field]: `${field}: is not valid JSON` });
  }
}

/** `Name: value` lines to a headers object (create only: values are write-only afterwards). */
function parseHeaderLines(text: string): Record<string, string> | undefined {
  const lines = text.split("\n").filter((l) => l.trim());
  if (!lines.length) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const at = line.indexOf(":");
    if (at < 1)
      throw new ApiError(400, "invalid_header", "headers: write one `Name: value` per line", {
        headers: "headers: write one `Name: value` per line",
      });
    headers[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return headers;
}

const orNull = (v: string) => (v.trim() ? v.trim() : null);
const numberOrNull = (v: string) => (v.trim() ? Number(v) : null);

/** The form's fields as an API body: every setting, empty meaning "none" (null). */
export function readWebhookForm(fields: FormData, { create }: { create: boolean }): WebhookCreate {
  const text = (name: string) => String(fields.get(name) ?? "");
  const events = [...new Set([...fields.getAll("catalog").map(String), ...splitList(text("events"))])];
  const filter = text("filter").trim();
  // The selects hold only the API's values; anything else is the API's to refuse, beside its field.
  const body: WebhookCreate = {
    url: text("url").trim(),
    events,
    description: orNull(text("description")),
    ordering: text("ordering") as WebhookCreate["ordering"],
    fifo_on_failure: text("fifo_on_failure") as WebhookCreate["fifo_on_failure"],
    rate_limit: numberOrNull(text("rate_limit")),
    max_in_flight: numberOrNull(text("max_in_flight")),
    signature_scheme: text("signature_scheme") as WebhookCreate["signature_scheme"],
    notification_email: orNull(text("notification_email")),
    enabled: fields.get("enabled") === "on",
    filter: filter ? (parseJsonField(filter, "filter") as WebhookCreate["filter"]) : null,
  };
  if (create) {
    const tenant = text("tenant_id");
    if (tenant) body.tenant_id = tenant;
    const secret = text("secret").trim();
    if (secret) body.secret = secret;
    const headers = parseHeaderLines(text("headers"));
    if (headers) body.headers = headers;
  }
  return body;
}

/** Only what differs from the saved webhook, so a save never re-sends (and re-audits) untouched settings. */
export function changedFields(body: WebhookCreate, webhook: Webhook): Partial<WebhookCreate> {
  const saved = webhook as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(saved[k])));
}

/**
 * Every setting of a webhook as form fields (create and edit share them); the API's complaint about a field is shown
 * beside it. Headers are set here only at creation: afterwards they are changed one by one (their values are
 * write-only), and the tenant is fixed.
 */
export function WebhookFields({
  prefix,
  webhook,
  catalog,
  error,
  tenantPicker,
}: {
  prefix: string;
  webhook?: Webhook;
  catalog: EventTypeEntry[];
  error: unknown;
  tenantPicker?: ComponentChildren;
}) {
  const id = (name: string) => `${prefix}-${name}`;
  return (
    <>
      {tenantPicker}
      <Field id={id("url")} label="Endpoint URL" error={error} name="url">
        <input
          id={id("url")}
          name="url"
          type="url"
          required
          defaultValue={webhook?.url ?? ""}
          placeholder="https://example.com/webhooks"
        />
      </Field>
      <EventsPicker prefix={prefix} chosen={webhook?.events ?? []} catalog={catalog} />
      <FieldError error={error} name="events" id={id("events-error")} />
      <Field id={id("description")} label="Description" error={error} name="description">
        <input id={id("description")} name="description" defaultValue={webhook?.description ?? ""} />
      </Field>
      <Field id={id("filter")} label="Payload filter (JSON, empty = every event)" error={error} name="filter">
        <textarea
          id={id("filter")}
          name="filter"
          rows={3}
          defaultValue={webhook?.filter ? JSON.stringify(webhook.filter) : ""}
          placeholder='{"data.amount": {"$gte": 100}}'
        />
      </Field>
      <Field id={id("ordering")} label="Ordering" error={error} name="ordering">
        <Select
          id={id("ordering")}
          name="ordering"
          current={webhook?.ordering}
          options={[
            ["unordered", "unordered (parallel)"],
            ["fifo", "fifo (one at a time, in order)"],
          ]}
        />
      </Field>
      <Field id={id("fifo_on_failure")} label="When a FIFO head is dead-lettered" error={error} name="fifo_on_failure">
        <Select
          id={id("fifo_on_failure")}
          name="fifo_on_failure"
          current={webhook?.fifo_on_failure}
          options={[
            ["skip", "skip (move on)"],
            ["block", "block (wait for its retry)"],
          ]}
        />
      </Field>
      <Field
        id={id("rate_limit")}
        label="Rate limit (deliveries per second, empty = unlimited)"
        error={error}
        name="rate_limit"
      >
        <input
          id={id("rate_limit")}
          name="rate_limit"
          type="number"
          min={1}
          max={10000}
          defaultValue={String(webhook?.rate_limit ?? "")}
        />
      </Field>
      <Field id={id("max_in_flight")} label="Max in flight (empty = unlimited)" error={error} name="max_in_flight">
        <input
          id={id("max_in_flight")}
          name="max_in_flight"
          type="number"
          min={1}
          max={1000}
          defaultValue={String(webhook?.max_in_flight ?? "")}
        />
      </Field>
      <Field id={id("signature_scheme")} label="Signature scheme" error={error} name="signature_scheme">
        <Select
          id={id("signature_scheme")}
          name="signature_scheme"
          current={webhook?.signature_scheme}
          options={[
            ["hmac-sha256", "hmac-sha256"],
            ["ed25519", "ed25519"],
          ]}
        />
      </Field>
      <Field id={id("notification_email")} label="Notification email" error={error} name="notification_email">
        <input
          id={id("notification_email")}
          name="notification_email"
          type="email"
          defaultValue={webhook?.notification_email ?? ""}
        />
      </Field>
      {!webhook && (
        <>
          <Field id={id("secret")} label="Signing secret (empty = generated)" error={error} name="secret">
            <input id={id("secret")} name="secret" type="password" autocomplete="off" minLength={10} maxLength={50} />
          </Field>
          <Field
            id={id("headers")}
            label="Custom headers (one Name: value per line, write-only)"
            error={error}
            name="headers"
          >
            <textarea
              id={id("headers")}
              name="headers"
              rows={2}
              autocomplete="off"
              placeholder="Authorization: Bearer …"
            />
          </Field>
        </>
      )}
      <div class="check">
        <input id={id("enabled")} name="enabled" type="checkbox" defaultChecked={webhook?.enabled ?? true} />
        <label for={id("enabled")}>Enabled</label>
      </div>
      <FieldError error={error} name="enabled" id={id("enabled-error")} />
    </>
  );
}
