import type { PageProps } from "../app.tsx";
import { ok } from "../api.ts";
import { Pager, usePagedList } from "../paged-list.tsx";
import { Badge, ErrorNote, Json } from "../ui.tsx";

/** Registered and built-in event types, each with its JSON Schema. */
export function EventTypesPage({ client }: PageProps) {
  const list = usePagedList({
    limit: 50,
    load: (query) => ok(client.GET("/api/v1/event-types", { params: { query } })),
  });
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
      <Pager list={list} />
    </main>
  );
}
