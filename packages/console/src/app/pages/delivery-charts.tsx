import type { HeraldClient, paths } from "@herald/client";
import { useMemo, useState } from "preact/hooks";
import type { AlignedData, Options } from "uplot";
import { ok } from "../api.ts";
import { Chart } from "../chart.tsx";
import { ErrorNote, useLoad } from "../ui.tsx";

type Bucket =
  paths["/api/v1/stats/deliveries"]["get"]["responses"][200]["content"]["application/json"]["series"][number];

const RANGES = [
  { label: "last hour", hours: 1, bucket: "minute" },
  { label: "last 6 hours", hours: 6, bucket: "minute" },
  { label: "last 24 hours", hours: 24, bucket: "hour" },
  { label: "last 7 days", hours: 168, bucket: "hour" },
] as const;

const base: Pick<Options, "scales" | "axes"> = { scales: { x: { time: true } }, axes: [{}, { size: 60 }] };

const OUTCOMES: Omit<Options, "width" | "height"> = {
  ...base,
  series: [
    {},
    { label: "succeeded", stroke: "#146c2e", width: 2 },
    { label: "failed", stroke: "#b42318", width: 2 },
    { label: "dead-lettered", stroke: "#8a5a00", width: 2, dash: [6, 4] },
  ],
};

const LATENCY: Omit<Options, "width" | "height"> = {
  ...base,
  series: [
    {},
    { label: "p50 ms", stroke: "#1d4ed8", width: 2 },
    { label: "p95 ms", stroke: "#7c3aed", width: 2 },
    { label: "max ms", stroke: "#9ca3af", width: 1 },
  ],
};

/** Attempts by outcome and attempt latency over time, for every webhook the key sees or one. */
export function DeliveryCharts({ client, webhookId }: { client: HeraldClient; webhookId?: string }) {
  const [range, setRange] = useState(0);
  const chosen = RANGES[range]!;
  const loaded = useLoad(() => {
    const to = new Date();
    const from = new Date(to.getTime() - chosen.hours * 3600_000);
    return ok(
      client.GET("/api/v1/stats/deliveries", {
        params: {
          query: {
            from: from.toISOString(),
            to: to.toISOString(),
            bucket: chosen.bucket,
            ...(webhookId ? { webhook_id: webhookId } : {}),
          },
        },
      }),
    );
  }, [range, webhookId]);
  const series = loaded.data?.data.series;
  const charts = useMemo(() => {
    if (!series) return undefined;
    const x = series.map((b) => Date.parse(b.start) / 1000);
    const outcomes: AlignedData = [
      x,
      series.map((b) => b.succeeded),
      series.map((b) => b.failed),
      series.map((b) => b.dead_lettered),
    ];
    const latency: AlignedData = [
      x,
      series.map((b) => b.latency_ms.p50),
      series.map((b) => b.latency_ms.p95),
      series.map((b) => b.latency_ms.max),
    ];
    const sum = (pick: (b: Bucket) => number) => series.reduce((n, b) => n + pick(b), 0);
    return {
      outcomes,
      latency,
      totals: { succeeded: sum((b) => b.succeeded), failed: sum((b) => b.failed), dead: sum((b) => b.dead_lettered) },
    };
  }, [series]);
  const per = chosen.bucket === "minute" ? "minute" : "hour";
  return (
    <section class="charts">
      <label for="chart-range">Range</label>{" "}
      <select id="chart-range" value={range} onChange={(e) => setRange(Number(e.currentTarget.value))}>
        {RANGES.map((r, i) => (
          <option key={r.label} value={i}>
            {r.label}
          </option>
        ))}
      </select>{" "}
      <button type="button" onClick={loaded.reload}>
        Refresh
      </button>
      <ErrorNote error={loaded.error} />
      {charts && (
        <>
          <h2>Attempts per {per} by outcome</h2>
          <p class="muted">
            {charts.totals.succeeded} succeeded, {charts.totals.failed} failed, {charts.totals.dead} dead-lettered in
            the {chosen.label}.
          </p>
          <Chart
            options={OUTCOMES}
            data={charts.outcomes}
            label={`attempts per ${per}: ${charts.totals.succeeded} succeeded, ${charts.totals.failed} failed, ${charts.totals.dead} dead-lettered`}
          />
          <h2>Attempt latency</h2>
          <Chart
            options={LATENCY}
            data={charts.latency}
            label={`attempt latency per ${per}: p50, p95 and max in milliseconds`}
          />
        </>
      )}
    </section>
  );
}
