import type { HeraldClient } from "@herald/client";

/** Per-webhook health (success rate, attempts, circuit) comes from the stats endpoints once they exist. */
export function WebhookHealthCell(_props: { client: HeraldClient; id: string }) {
  return <span class="muted">–</span>;
}
