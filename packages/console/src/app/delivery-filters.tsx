import { isoFromLocal } from "./ui.tsx";

const STATUSES = ["pending", "success", "failed", "cancelled"] as const;
type Status = (typeof STATUSES)[number];

/** The filter of GET /deliveries, the dead-letter queue and retry-all, as the API takes it (fields left out when empty). */
export interface DeliveryFilter {
  status?: Status;
  webhook_id?: string;
  tenant_id?: string;
  event_type?: string;
  since?: string;
  until?: string;
}

function filterOf(form: FormData): DeliveryFilter {
  const field = (name: string) => String(form.get(name) ?? "").trim();
  const values: Record<string, string> = {
    status: field("status"),
    webhook_id: field("webhook_id"),
    tenant_id: field("tenant_id"),
    event_type: field("event_type"),
    since: isoFromLocal(field("since")),
    until: isoFromLocal(field("until")),
  };
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v)) as DeliveryFilter;
}

/**
 * The filter controls of the delivery lists: applied on submit (a list and a
 * retry-all count are asked for once per filter, not per keystroke). The
 * tenant field is an admin's: a tenant key or portal sees only its own tenant.
 */
export function DeliveryFilterForm({
  admin,
  withStatus,
  onApply,
}: {
  admin: boolean;
  withStatus: boolean;
  onApply: (filter: DeliveryFilter) => void;
}) {
  return (
    <form
      class="filters"
      aria-label="filters"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(filterOf(new FormData(e.currentTarget)));
      }}
      onReset={() => onApply({})}
    >
      {withStatus && (
        <label>
          Status
          <select name="status">
            <option value="">all</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
      )}
      <label>
        Event type
        <input name="event_type" placeholder="invoice.* or invoice.paid" />
      </label>
      <label>
        Webhook id
        <input name="webhook_id" placeholder="any webhook" />
      </label>
      {admin && (
        <label>
          Tenant id
          <input name="tenant_id" placeholder="any tenant" />
        </label>
      )}
      <TimeWindowFields />
      <button type="submit">Apply</button>
      <button type="reset">Clear</button>
    </form>
  );
}

/** Since and until, to the second, in the browser's time zone (`isoFromLocal` turns them into instants). */
export function TimeWindowFields() {
  return (
    <>
      <label>
        Since
        <input name="since" type="datetime-local" step="1" />
      </label>
      <label>
        Until
        <input name="until" type="datetime-local" step="1" />
      </label>
    </>
  );
}
