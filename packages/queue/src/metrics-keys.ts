/** Redis keys of the counters workers flush for the API's /metrics; one hash tag, as they are written in one MULTI. */
export function metricsKeys(prefix: string) {
  return {
    /** Hash: delivery outcome → count of attempts that ended so. */
    outcomes: `${prefix}:{metrics}:outcomes`,
    /** Hash: histogram bucket upper bound (seconds, or `+Inf`) → count; plus `sum` and `count`. */
    latency: `${prefix}:{metrics}:latency`,
  };
}

/** Upper bounds (seconds) of the attempt latency histogram. */
export const LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
