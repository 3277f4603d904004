/**
 * The id users and receivers see for an event: the one its client gave
 * (unique only within its tenant), else Herald's own (unique everywhere,
 * which is why deliveries reference that one). In SQL, the create statement
 * and event_keys' triggers: coalesce(client_id, id).
 */
export function publicEventId(event: { id: string; clientId: string | null }): string {
  return event.clientId ?? event.id;
}
