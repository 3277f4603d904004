import type { HeraldClient, paths } from "@herald/client";
import { useState } from "preact/hooks";
import { ok } from "../api.ts";
import { ErrorNote, FieldError, useFormSubmit } from "../ui.tsx";
import { type EventTypeEntry, parseJsonField } from "./webhook-form.tsx";

type TestAnswer = paths["/api/v1/webhooks/{id}/test"]["post"]["responses"][200]["content"]["application/json"];

/** A signed test event of a chosen type and payload, sent now; shows the receiver's status, headers and body. */
export function WebhookTestSend({
  client,
  id,
  catalog,
}: {
  client: HeraldClient;
  id: string;
  catalog: EventTypeEntry[];
}) {
  const [answer, setAnswer] = useState<TestAnswer>();
  const send = useFormSubmit(async (fields) => {
    setAnswer(undefined);
    const data = String(fields.get("data") ?? "").trim();
    const body = {
      event: String(fields.get("event") ?? "").trim() || "ping",
      ...(data ? { data: parseJsonField(data, "data") as Record<string, unknown> } : {}),
    };
    setAnswer((await ok(client.POST("/api/v1/webhooks/{id}/test", { params: { path: { id } }, body }))).data);
  });
  return (
    <section aria-label="test send">
      <h2>Send a test event</h2>
      <form class="grid" onSubmit={send.submit}>
        <label for="test-event">Test event type</label>
        <input id="test-event" name="event" list="test-event-types" defaultValue="ping" />
        <datalist id="test-event-types">
          {catalog.map((t) => (
            <option key={t.name} value={t.name} />
          ))}
        </datalist>
        <FieldError error={send.error} name="event" id="test-event-error" />
        <label for="test-data">Test payload (JSON object)</label>
        <textarea id="test-data" name="data" rows={3} defaultValue='{"test": true}' />
        <FieldError error={send.error} name="data" id="test-data-error" />
        <button type="submit" disabled={send.busy}>
          Send test
        </button>
      </form>
      <ErrorNote error={send.error} />
      {answer && (
        <div class="test-answer" aria-label="test answer" role="status">
          <p>
            {answer.success ? "Delivered" : "Failed"}: HTTP {answer.response_code ?? "none"} in {answer.duration_ms} ms
            {answer.error ? ` (${answer.error})` : ""}
          </p>
          {answer.response_headers && (
            <details>
              <summary>Response headers</summary>
              <pre class="json">
                {Object.entries(answer.response_headers)
                  .map(([name, value]) => `${name}: ${value}`)
                  .join("\n")}
              </pre>
            </details>
          )}
          <h3>Response body</h3>
          {answer.response_body ? (
            <pre class="json response-body">{answer.response_body}</pre>
          ) : (
            <p class="muted">No body.</p>
          )}
        </div>
      )}
    </section>
  );
}
