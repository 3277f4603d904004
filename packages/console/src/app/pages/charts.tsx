import type { PageProps } from "../app.tsx";
import { DeliveryCharts } from "./delivery-charts.tsx";

export function ChartsPage({ client }: PageProps) {
  return (
    <main>
      <h1>Charts</h1>
      <DeliveryCharts client={client} />
    </main>
  );
}
