/**
 * Redis keys of endpoint health, shared by every worker (which write them)
 * and the API (which reads them for /metrics). All live under the queue
 * prefix, so one Redis serves several Herald installations side by side.
 * A webhook's keys share the hash tag `{<webhook id>}`, so the scripts that
 * touch several of them run on one Redis Cluster slot; different webhooks
 * spread over the cluster.
 */
export function endpointKeys(prefix: string) {
  const base = `${prefix}:endpoints`;
  return {
    /** Consecutive failed attempts of a webhook. */
    failures: (webhookId: string) => `${base}:{${webhookId}}:failures`,
    /** Exists while the webhook's circuit is open. */
    open: (webhookId: string) => `${base}:{${webhookId}}:open`,
    /** Held (with a TTL of one probe interval) by the worker allowed to probe. */
    probe: (webhookId: string) => `${base}:{${webhookId}}:probe`,
    /** Send times of the last second (sorted set), for the rate limit. */
    sent: (webhookId: string) => `${base}:{${webhookId}}:sent`,
    /** Deliveries being sent now (sorted set, scored by lease expiry), for max_in_flight and FIFO. */
    inFlight: (webhookId: string) => `${base}:{${webhookId}}:in-flight`,
    /** Parked deliveries waiting for a slot or their turn (sorted set: arrival time, or FIFO place). */
    waiting: (webhookId: string) => `${base}:{${webhookId}}:waiting`,
    /** Bumped each time a FIFO line's head settles, so a delivery that checked an older head re-checks before parking. */
    lineTurn: (webhookId: string) => `${base}:{${webhookId}}:line-turn`,
    /**
     * Ids of webhooks whose circuit is open (a set), for the gauge. Kept
     * beside the per-webhook keys (another slot), so readers count only the
     * members whose `open` key still exists.
     */
    openSet: `${base}:open-circuits`,
  };
}

/** Redis keys of the notification digests; one hash tag, as the digest scripts touch a recipient's keys and the due set together. */
export function notificationKeys(prefix: string) {
  const base = `${prefix}:{notify}`;
  return {
    /** Exists while a recipient's digest window is open. */
    window: (recipient: string) => `${base}:${recipient}:window`,
    /** List of incidents waiting for the recipient's digest. */
    pending: (recipient: string) => `${base}:${recipient}:pending`,
    /** Count of incidents waiting (the list is capped). */
    count: (recipient: string) => `${base}:${recipient}:count`,
    /** Sorted set: recipient → when its digest is due. */
    due: `${base}:due`,
  };
}
