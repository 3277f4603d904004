/** What an endpoint receives: id, event, created_at, tenant_id, data, in that order (receivers see the keys as documented). */
export interface EnvelopeInput {
  id: string;
  type: string;
  createdAt: Date;
  tenantId: string | null;
  data: unknown;
}

/**
 * The POST body: compact JSON, so a receiver that re-serialises the parsed
 * body (as common verification snippets do) gets the very bytes that were signed.
 */
export function buildEnvelope({ id, type, createdAt, tenantId, data }: EnvelopeInput): string {
  return JSON.stringify({ id, event: type, created_at: createdAt.toISOString(), tenant_id: tenantId, data });
}
