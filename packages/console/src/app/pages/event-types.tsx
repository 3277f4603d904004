import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { Badge, ErrorNote, Json, Pager, useLoad, usePager } from "../ui.tsx";

/** Registered and built-in event types, each with its JSON Schema. */
export function EventTypesPage({ client }: PageProps) {
  const pager = usePager();
  const list = useLoad(
    () =>
      ok(
        client.GET("/api/v1/event-types", {
          params: { query: { limit: 50, ...(pager.cursor ? { cursor: pager.cursor } : {}) } },
        }),
      ),
    [pager.cursor],
  );
  return (
    <main>
      <h1>Event types</h1>
      <ErrorNote error={list.error} />
      <ul class="cards">
        {list.data?.data.map((t) => (
          <li key={t.name} class="card">
            <h2>
              <code>{t.name}</code> {t.built_in && <Badge tone="info">built-in</Badge>}{" "}
              {t.archived && <Badge tone="warn">archived</Badge>}
            </h2>
            {t.description && <p class="description">{t.description}</p>}
            {t.schema ? (
              <details>
                <summary>JSON Schema{typeof t.schema.title === "string" ? `: ${t.schema.title}` : ""}</summary>
                <Json value={t.schema} />
              </details>
            ) : (
              <p class="muted">No schema.</p>
            )}
          </li>
        ))}
      </ul>
      <Pager pager={pager} next={list.data?.next} />
    </main>
  );
}
