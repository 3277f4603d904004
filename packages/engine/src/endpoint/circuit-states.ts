import { withTimeout, type RedisClient } from "@herald/queue";
import { endpointKeys } from "./keys.ts";

/**
 * A circuit's state, in the one vocabulary of the worker's gate
 * (endpoint-gate.ts: closed, half_open, open) and the API's health and stats
 * views, plus "unknown" when Redis does not answer.
 */
export type CircuitState =
  | { state: "closed"; consecutive_failures: number; next_probe_in_ms: null }
  | { state: "open" | "half_open"; consecutive_failures: number; next_probe_in_ms: number | null }
  | { state: "unknown"; consecutive_failures: null; next_probe_in_ms: null };

const UNKNOWN: CircuitState = { state: "unknown", consecutive_failures: null, next_probe_in_ms: null };
// Health answers without the circuit rather than wait on a Redis that is not answering.
const REDIS_TIMEOUT_MS = 1000;

type Reply = [Error | null, unknown][] | null;

/**
 * The worker's circuit breaker as it stands, per webhook: closed; open with
 * the wait until its next probe; or half_open once the probe interval has run
 * out (the next delivery goes as a probe). One pipeline of three reads per
 * webhook; on Redis Cluster one pipeline per webhook (its keys share a slot),
 * all sent at once. "unknown" when Redis does not answer.
 */
interface CircuitQuery {
  redis: RedisClient;
  prefix: string;
  webhookIds: string[];
}

export async function readCircuitStates(query: CircuitQuery): Promise<Map<string, CircuitState>> {
  const { webhookIds } = query;
  try {
    const replies = await withTimeout(readAll(query), REDIS_TIMEOUT_MS);
    return new Map(webhookIds.map((id, i) => [id, circuitOf(replies[i] ?? null)]));
  } catch {
    return new Map(webhookIds.map((id) => [id, UNKNOWN]));
  }
}

type Pipeline = ReturnType<RedisClient["pipeline"]>;

async function readAll({ redis, prefix, webhookIds }: CircuitQuery): Promise<Reply[]> {
  const keys = endpointKeys(prefix);
  const queue = (pipeline: Pipeline, id: string) =>
    pipeline.get(keys.failures(id)).exists(keys.open(id)).pttl(keys.probe(id));
  if (redis.isCluster) return Promise.all(webhookIds.map((id) => queue(redis.pipeline(), id).exec()));
  const pipeline = redis.pipeline();
  for (const id of webhookIds) queue(pipeline, id);
  const all = (await pipeline.exec()) ?? [];
  return webhookIds.map((_id, i) => all.slice(i * 3, i * 3 + 3));
}

function circuitOf(reply: Reply): CircuitState {
  if (reply?.length !== 3 || reply.some(([err]) => err)) return UNKNOWN;
  const [failures, open, probeTtl] = reply.map(([, value]) => value);
  const consecutive = Number(failures ?? 0);
  if (open !== 1) return { state: "closed", consecutive_failures: consecutive, next_probe_in_ms: null };
  const ttl = Number(probeTtl);
  return ttl > 0
    ? { state: "open", consecutive_failures: consecutive, next_probe_in_ms: ttl }
    : { state: "half_open", consecutive_failures: consecutive, next_probe_in_ms: 0 };
}
