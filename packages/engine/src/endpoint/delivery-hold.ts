import type { Db } from "@herald/db";
import { type RedisClient, withTimeout } from "@herald/queue";
import { fifoHead } from "../store/fifo-line.ts";
import { unsendable } from "../webhooks/sendable-webhook.ts";
import { readCircuitStates } from "./circuit-states.ts";
import { RATE_WINDOW_MS } from "./endpoint-gate.ts";
import { endpointKeys } from "./keys.ts";

/**
 * Why a pending delivery is not being sent, and until when when that is known:
 * the reasons the worker's admission (endpoint-policy.ts `admit`) parks a
 * delivery for, read without taking anything; `queued` when it is due and
 * nothing holds it (it waits for a worker).
 */
export type DeliveryHold =
  | { reason: "webhook_disabled"; until: null }
  | { reason: "fifo_waiting"; until: null; behind: string }
  | { reason: "circuit_open"; until: Date }
  | { reason: "in_flight_full"; until: null; inFlight: number; maxInFlight: number }
  | { reason: "rate_limited"; until: Date }
  | { reason: "queued"; until: null };

export interface HoldQuery {
  db: Db;
  redis: RedisClient;
  prefix: string;
  delivery: { id: string; status: string; seq: bigint | null; nextAttemptAt: Date | null };
  webhook: {
    id: string;
    enabled: boolean;
    deletedAt: Date | null;
    ordering: string;
    fifoOnFailure: string;
    rateLimit: number | null;
    maxInFlight: number | null;
  };
}

// A detail view answers without the endpoint's state rather than wait on a Redis that is not answering.
const REDIS_TIMEOUT_MS = 1000;

type SlotHold = Extract<DeliveryHold, { reason: "in_flight_full" | "rate_limited" }>;

/** The rate limit and the in-flight cap as admission would find them now (Redis's clock), in one round trip. */
async function readSlots({ redis, prefix, delivery, webhook }: HoldQuery, fifo: boolean): Promise<SlotHold | null> {
  const limit = webhook.rateLimit && webhook.rateLimit > 0 ? webhook.rateLimit : 0;
  const cap = !fifo && webhook.maxInFlight ? webhook.maxInFlight : 0;
  if (!limit && !cap) return null;
  const keys = endpointKeys(prefix);
  const pipeline = redis.pipeline().time();
  pipeline.zrevrange(keys.sent(webhook.id), 0, Math.max(limit - 1, 0), "WITHSCORES");
  pipeline.zrange(keys.inFlight(webhook.id), "0", "-1", "WITHSCORES");
  const replies = await withTimeout(pipeline.exec(), REDIS_TIMEOUT_MS).catch(() => null);
  if (!replies || replies.some(([err]) => err)) return null;
  const [time, sent, inFlight] = replies.map(([, value]) => value as string[]) as [string[], string[], string[]];
  const now = Number(time[0]) * 1000 + Math.floor(Number(time[1]) / 1000);
  const scores = (flat: string[]) => flat.filter((_v, i) => i % 2 === 1).map(Number);
  const members = (flat: string[]) => flat.filter((_v, i) => i % 2 === 0);
  if (cap) {
    const leases = scores(inFlight);
    const holding = members(inFlight).filter((id, i) => id !== delivery.id && (leases[i] ?? 0) > now).length;
    if (holding >= cap) return { reason: "in_flight_full", until: null, inFlight: holding, maxInFlight: cap };
  }
  if (limit) {
    const recent = scores(sent).filter((at) => at > now - RATE_WINDOW_MS);
    if (recent.length >= limit)
      return { reason: "rate_limited", until: new Date(Math.min(...recent) + RATE_WINDOW_MS) };
  }
  return null;
}

/**
 * Why `delivery` (pending) is held, in the order that matters to whoever
 * waits: a disabled webhook, a FIFO line's head, an open circuit (which holds
 * everything until its next probe), then the in-flight cap and the rate
 * limit. Null for a delivery that is not pending, or pending with its next
 * attempt still ahead and nothing holding it.
 */
export async function readDeliveryHold(query: HoldQuery, now = new Date()): Promise<DeliveryHold | null> {
  const { db, redis, prefix, delivery, webhook } = query;
  if (delivery.status !== "pending") return null;
  if (unsendable(webhook)) return { reason: "webhook_disabled", until: null };
  const fifo = webhook.ordering === "fifo" && delivery.seq !== null;
  if (fifo) {
    const head = await fifoHead(db, { webhookId: webhook.id, blockOnFailure: webhook.fifoOnFailure === "block" });
    if (head !== null && head !== delivery.id) return { reason: "fifo_waiting", until: null, behind: head };
  }
  const circuit = (await readCircuitStates({ redis, prefix, webhookIds: [webhook.id] })).get(webhook.id);
  if (circuit?.state === "open" || circuit?.state === "half_open")
    return { reason: "circuit_open", until: new Date(now.getTime() + (circuit.next_probe_in_ms ?? 0)) };
  const slots = await readSlots(query, fifo);
  if (slots) return slots;
  const due = delivery.nextAttemptAt === null || delivery.nextAttemptAt <= now;
  return due ? { reason: "queued", until: null } : null;
}
