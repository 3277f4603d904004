export interface PublishResult {
  eventId: string;
  /** HTTP status, or "refused"/"timeout"/"error" when there was no answer. */
  status: number | "refused" | "timeout" | "error";
  startedAt: number;
  durationMs: number;
}

export interface PublisherOptions {
  apiUrl: string;
  auth: string;
  /** Event ids are `${prefix}-${n}`: client-chosen, so a receiver's ledger maps back to the publish. */
  prefix: string;
  type: string;
  count: number;
  perSecond: number;
  concurrency?: number;
  /** A publish slower than this is abandoned and counted as "timeout" (a hang). */
  requestTimeoutMs?: number;
}

export interface Publisher {
  /** Event ids answered 202. */
  accepted: Set<string>;
  results: PublishResult[];
  /** Resolves when every publish has an outcome. */
  done: Promise<void>;
  /** How many publishes have an outcome so far. */
  progress(): number;
}

function classify(err: unknown): PublishResult["status"] {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e.name === "TimeoutError" || e.name === "AbortError") return "timeout";
  if (e.cause?.code === "ECONNREFUSED" || e.cause?.code === "ECONNRESET" || e.cause?.code === "UND_ERR_SOCKET")
    return "refused";
  return "error";
}

/**
 * A steady stream of POST /events at `perSecond`, at most `concurrency` in
 * flight, like an application publishing through a fault. No retries: an
 * event counts as accepted only when its own request got a 202.
 */
export function startPublisher({
  apiUrl,
  auth,
  prefix,
  type,
  count,
  perSecond,
  concurrency = 16,
  requestTimeoutMs = 10_000,
}: PublisherOptions): Publisher {
  const accepted = new Set<string>();
  const results: PublishResult[] = [];
  const publishOne = async (n: number) => {
    const eventId = `${prefix}-${n}`;
    const startedAt = Date.now();
    let status: PublishResult["status"];
    try {
      const res = await fetch(`${apiUrl}/api/v1/events`, {
        method: "POST",
        headers: { authorization: auth, "content-type": "application/json" },
        body: JSON.stringify({ id: eventId, type, data: { n, at: startedAt } }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
      await res.arrayBuffer();
      status = res.status;
    } catch (err) {
      status = classify(err);
    }
    if (status === 202) accepted.add(eventId);
    results.push({ eventId, status, startedAt, durationMs: Date.now() - startedAt });
  };
  const run = async () => {
    const started = Date.now();
    const inFlight = new Set<Promise<void>>();
    for (let n = 0; n < count; n++) {
      const due = started + (n * 1000) / perSecond;
      if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const p: Promise<void> = publishOne(n).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
  };
  return { accepted, results, done: run(), progress: () => results.length };
}

/** Counts of each outcome, e.g. {"202": 1480, "503": 20}. */
export function statusCounts(results: readonly PublishResult[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[String(r.status)] = (counts[String(r.status)] ?? 0) + 1;
  return counts;
}
