import type { HeraldClient, paths } from "@herald/client";
import { useMemo } from "preact/hooks";
import uPlot, { type AlignedData, type Options } from "uplot";
import { ok } from "../api.ts";
import { Chart } from "../chart.tsx";
import { href } from "../route.ts";
import { Badge, StatusBadge, When } from "../ui.tsx";

export type Health =
  paths["/api/v1/webhooks/health"]["get"]["responses"][200]["content"]["application/json"]["data"][number];

/** Health of a page of webhooks in one call (the endpoint takes up to 100 ids). */
export async function loadHealth(client: HeraldClient, ids: string[]): Promise<Map<string, Health>> {
  if (!ids.length) return new Map();
  const { data } = await ok(client.GET("/api/v1/webhooks/health", { params: { query: { ids: ids.join(",") } } }));
  return new Map(data.data.map((h) => [h.webhook_id, h]));
}

const SPARK: Omit<Options, "width" | "height"> & { width: number; height: number } = {
  width: 140,
  height: 36,
  legend: { show: false },
  cursor: { show: false },
  axes: [{ show: false }, { show: false }],
  scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
  // One bar per hour: green for attempts that succeeded, red (drawn over it) for those that failed.
  series: [
    {},
    {
      label: "succeeded",
      stroke: "#146c2e",
      fill: "#146c2e99",
      width: 1,
      paths: uPlot.paths.bars!({ size: [0.8, 6] }),
    },
    { label: "failed", stroke: "#b42318", fill: "#b42318cc", width: 1, paths: uPlot.paths.bars!({ size: [0.8, 6] }) },
  ],
};

function circuitTone(state: Health["circuit"]["state"]) {
  return state === "closed" ? "good" : state === "open" ? "bad" : state === "half_open" ? "warn" : "info";
}

/** Circuit, 24 h success rate and attempts (with an hourly sparkline), last delivery. */
export function HealthCell({ health }: { health?: Health }) {
  const data = useMemo<AlignedData | undefined>(
    () =>
      health && [
        health.hourly.map((h) => Date.parse(h.start) / 1000),
        health.hourly.map((h) => h.succeeded),
        health.hourly.map((h) => h.failed),
      ],
    [health],
  );
  if (!health || !data) return <span class="muted">–</span>;
  const rate =
    health.success_rate === null
      ? "no attempts"
      : `${Math.round(health.success_rate * 1000) / 10}% of ${health.attempts.total} attempts`;
  return (
    <div class="health">
      <div>
        <Badge tone={circuitTone(health.circuit.state)}>circuit {health.circuit.state.replace("_", "-")}</Badge>{" "}
        <span>{rate}</span>
      </div>
      <Chart
        options={SPARK}
        data={data}
        label={`attempts per hour over 24 h: ${health.attempts.succeeded} succeeded, ${health.attempts.failed} failed`}
      />
      <div class="muted">
        {health.last_delivery ? (
          <>
            last:{" "}
            <a href={href("deliveries", health.last_delivery.id)}>
              <StatusBadge status={health.last_delivery.status} />
            </a>{" "}
            <When at={health.last_delivery.created_at} />
          </>
        ) : (
          "no delivery yet"
        )}
      </div>
    </div>
  );
}
