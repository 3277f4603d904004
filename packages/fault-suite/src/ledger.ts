import type { Receiver } from "@herald/testkit";

export interface EndpointLedger {
  endpoint: string;
  accepted: number;
  delivered: number;
  missing: number;
  /** Extra POSTs of an event already received (receivers de-duplicate on webhook-id). */
  duplicated: number;
  /** Deliveries of events whose publish did not get a 202 (the API may have stored them before dying). */
  unacknowledged: number;
}

/** What one endpoint received against the events the API accepted (202) for it. */
export function ledgerOf(receiver: Receiver, accepted: ReadonlySet<string>): EndpointLedger {
  let delivered = 0;
  let duplicated = 0;
  let unacknowledged = 0;
  for (const [eventId, count] of receiver.byEvent) {
    if (accepted.has(eventId)) delivered++;
    else unacknowledged++;
    duplicated += count - 1;
  }
  return {
    endpoint: receiver.name,
    accepted: accepted.size,
    delivered,
    missing: accepted.size - delivered,
    duplicated,
    unacknowledged,
  };
}

export function missingIds(receiver: Receiver, accepted: ReadonlySet<string>): string[] {
  return [...accepted].filter((id) => !receiver.byEvent.has(id));
}

/** Printed in the test output so a run's ledger can be quoted. */
export function printLedger(run: string, ledgers: EndpointLedger[], extra: Record<string, unknown> = {}): void {
  const lines = ledgers.map(
    (l) =>
      `  ${l.endpoint.padEnd(10)} accepted=${l.accepted} delivered=${l.delivered} ` +
      `missing=${l.missing} duplicated=${l.duplicated} unacknowledged=${l.unacknowledged}`,
  );
  const notes = Object.entries(extra).map(([k, v]) => `  ${k}: ${typeof v === "string" ? v : JSON.stringify(v)}`);
  console.log([`LEDGER ${run}`, ...lines, ...notes].join("\n"));
}
