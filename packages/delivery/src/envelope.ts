/** What an endpoint receives, in the order the SPEC documents it. */
export interface EnvelopeInput {
  id: string;
  type: string;
  createdAt: Date;
  tenantId: string | null;
  data: unknown;
}

/**
 * The POST body: compact JSON, so a receiver that re-serialises the parsed
 * body (as the seeds' snippets do) gets the very bytes that were signed.
 */
export function buildEnvelope({ id, type, createdAt, tenantId, data }: EnvelopeInput): string {
  return JSON.stringify({ id, event: type, created_at: createdAt.toISOString(), tenant_id: tenantId, data });
}
