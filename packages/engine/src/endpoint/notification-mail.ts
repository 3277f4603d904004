/** Something an endpoint's owner is told about. */
export type Incident =
  | {
      kind: "dead_letter";
      webhookId: string;
      url: string;
      deliveryId: string;
      eventType: string;
      attempts: number;
      error: string | null;
      at: string;
    }
  | { kind: "disabled"; webhookId: string; url: string; reason: string; at: string };

export interface Mail {
  subject: string;
  text: string;
}

function describe(incident: Incident): string {
  if (incident.kind === "dead_letter") {
    return (
      `${incident.at}  delivery ${incident.deliveryId} (${incident.eventType}) to ${incident.url} ` +
      `failed after ${incident.attempts} attempts: ${incident.error ?? "failed"}. ` +
      `It is in the dead-letter queue; retry it with POST /api/v1/webhooks/deliveries/${incident.deliveryId}/retry.`
    );
  }
  return (
    `${incident.at}  webhook ${incident.webhookId} (${incident.url}) was disabled: ${incident.reason}. ` +
    `Re-enable it with PATCH /api/v1/webhooks/${incident.webhookId} {"enabled": true}.`
  );
}

/** The mail for the first incident of a window, sent at once. */
export function incidentMail(incident: Incident): Mail {
  const subject =
    incident.kind === "dead_letter"
      ? `[Herald] Delivery failed: ${incident.eventType} to ${incident.url}`
      : `[Herald] Webhook disabled: ${incident.url}`;
  return { subject, text: `${describe(incident)}\n` };
}

/**
 * The one mail for a window's further incidents. The list is capped; `total`
 * counts every incident, so a storm still reports its size.
 */
export function digestMail(incidents: Incident[], total: number): Mail {
  const lines = incidents.map(describe);
  const more = total > incidents.length ? [`... and ${total - incidents.length} more.`] : [];
  return {
    subject: `[Herald] ${total} more webhook incident${total === 1 ? "" : "s"}`,
    text: `${[...lines, ...more].join("\n")}\n`,
  };
}
