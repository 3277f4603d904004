import type { PageProps } from "../app.tsx";

/** Deliveries per minute by outcome and attempt latency: drawn once the stats endpoint exists. */
export function ChartsPage(_props: PageProps) {
  return (
    <main>
      <h1>Charts</h1>
      <p class="muted">No statistics endpoint on this server yet.</p>
    </main>
  );
}
