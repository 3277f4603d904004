import type { HeraldClient } from "@herald/client";
import { useState } from "preact/hooks";
import { ok } from "../api.ts";
import { ErrorNote, FieldError, Json, useFormSubmit, useLoad } from "../ui.tsx";
import { parseJsonField } from "./webhook-form.tsx";

type Verdict = { eventId: string; type: string; matches: boolean; budget_exhausted: boolean; data: unknown };

/**
 * Tries a filter (the saved one, or one typed here and not saved) on one of the webhook's recent events, as
 * fan-out would judge it. The events are those of the webhook's latest deliveries.
 */
export function WebhookFilterTest({
  client,
  id,
  admin,
  savedFilter,
}: {
  client: HeraldClient;
  id: string;
  admin: boolean;
  savedFilter: Record<string, unknown> | null;
}) {
  const recent = useLoad(async () => {
    const { data } = await ok(
      client.GET("/api/v1/webhooks/{id}/deliveries", { params: { path: { id }, query: { limit: 10 } } }),
    );
    const seen = new Set<string>();
    return data.filter((d) => !seen.has(d.event_id) && seen.add(d.event_id));
  }, [id]);
  const [verdict, setVerdict] = useState<Verdict>();
  const run = useFormSubmit(async (fields) => {
    setVerdict(undefined);
    const chosen = recent.data?.find((d) => d.id === String(fields.get("delivery")));
    if (!chosen) throw new Error("choose a recent event");
    const query = admin ? { tenant_id: chosen.tenant_id ?? "global" } : {};
    const { data: event } = await ok(
      client.GET("/api/v1/events/{id}", { params: { path: { id: chosen.event_id }, query } }),
    );
    const text = String(fields.get("filter") ?? "").trim();
    const filter = text ? (parseJsonField(text, "filter") as Record<string, unknown>) : undefined;
    const payload = {
      type: event.type,
      data: event.data,
      id: event.id,
      ...(admin ? { tenant_id: event.tenant_id } : {}),
    };
    const { data } = await ok(
      client.POST("/api/v1/webhooks/{id}/filter/test", {
        params: { path: { id } },
        body: { payload, ...(filter ? { filter } : {}) },
      }),
    );
    setVerdict({ eventId: event.id, type: event.type, data: event.data, ...data });
  });
  if (recent.data?.length === 0) return <p class="muted">No recent events to test a filter on yet.</p>;
  return (
    <form class="grid" onSubmit={run.submit} aria-label="test a filter">
      <label for="filter-test-event">Recent event</label>
      <select id="filter-test-event" name="delivery">
        {recent.data?.map((d) => (
          <option key={d.id} value={d.id}>
            {d.event_id}
          </option>
        ))}
      </select>
      <label for="filter-test-filter">Filter to try (JSON, empty = the saved filter)</label>
      <textarea
        id="filter-test-filter"
        name="filter"
        rows={3}
        defaultValue={savedFilter ? JSON.stringify(savedFilter) : ""}
      />
      <FieldError error={run.error} name="filter" id="filter-test-filter-error" />
      <button type="submit" disabled={run.busy || !recent.data}>
        Test filter
      </button>
      <ErrorNote error={run.error ?? recent.error} />
      {verdict && (
        <div role="status" aria-label="filter verdict">
          <p>
            {verdict.matches ? "Matches" : "Does not match"}: {verdict.type} {verdict.eventId}
            {verdict.budget_exhausted ? " (the filter's budget ran out, so the event passes)" : ""}
          </p>
          <Json value={verdict.data} />
        </div>
      )}
    </form>
  );
}
