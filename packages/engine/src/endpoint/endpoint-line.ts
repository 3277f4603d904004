import type { RedisClient } from "@herald/queue";
import { endpointKeys } from "./keys.ts";
import type { DeliveryQueues } from "../queue/delivery-queue.ts";
import { registerScript } from "./endpoint-scripts.ts";
import type { Logger } from "@herald/config";

const DAY_MS = 86_400_000;

// A FIFO delivery that is not the head parks (scored by its place in line),
// unless the line's turn moved since it read it: then the head it saw is gone
// and it must look again. KEYS: waiting, turn. ARGV: delivery id, place, turn seen.
const PARK = `
if (redis.call('GET', KEYS[2]) or '0') ~= ARGV[3] then return 0 end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ${DAY_MS})
return 1
`;

// A send ends: its in-flight slot frees, a FIFO line's turn moves on when its
// head settled, and the first parked delivery is taken out to be woken.
// KEYS: in-flight, waiting, turn. ARGV: delivery id, 1 when the line moved on.
const RELEASE = `
redis.call('ZREM', KEYS[1], ARGV[1])
if ARGV[2] == '1' then
  redis.call('INCR', KEYS[3])
  redis.call('PEXPIRE', KEYS[3], ${DAY_MS})
end
local first = redis.call('ZPOPMIN', KEYS[2])
return first[1] or false
`;

/**
 * The waiting side of max_in_flight and FIFO endpoints. A delivery that may
 * not go now (its endpoint is at its cap, or it is not the head of its FIFO
 * line) moves to BullMQ's delayed set (no worker slot) and is listed in the
 * endpoint's waiting set; when a send to that endpoint ends, the first listed
 * delivery is promoted at once. The delay is only the fallback for a lost
 * wake-up (a worker that died between the two).
 */
export function createEndpointLine({
  redis,
  prefix,
  queues,
  logger,
}: {
  redis: RedisClient;
  prefix: string;
  queues: DeliveryQueues;
  logger: Logger;
}) {
  const keys = endpointKeys(prefix);
  const parkScript = registerScript(redis, { name: "heraldLinePark", keys: 2, lua: PARK });
  const releaseScript = registerScript(redis, { name: "heraldLineRelease", keys: 3, lua: RELEASE });

  /**
   * Moves the parked delivery's delayed job to wait. It may still be on its
   * way to delayed (promote refuses a job that is not delayed): then look
   * again shortly, while it is active.
   */
  async function wake(webhookId: string, deliveryId: string): Promise<void> {
    const queue = queues.queueOf(webhookId);
    const job = await queue.getJob(deliveryId);
    if (!job) return;
    for (let round = 0; round < 6; round++) {
      if (
        await job.promote().then(
          () => true,
          () => false,
        )
      )
        return;
      if ((await job.getState()) !== "active") return;
      await new Promise((resolve) => setTimeout(resolve, 15 * (round + 1)));
    }
  }

  return {
    /** The FIFO line's turn: read before looking up the head, handed to park. */
    async turn(webhookId: string): Promise<string> {
      return (await redis.get(keys.lineTurn(webhookId))) ?? "0";
    },
    /** Lists a FIFO delivery behind the head; false when the line moved meanwhile (look at the head again). */
    async park({
      webhookId,
      deliveryId,
      place,
      turnSeen,
    }: {
      webhookId: string;
      deliveryId: string;
      place: bigint;
      turnSeen: string;
    }): Promise<boolean> {
      return (
        (await parkScript(
          [keys.waiting(webhookId), keys.lineTurn(webhookId)],
          [deliveryId, place.toString(), turnSeen],
        )) === 1
      );
    },
    /** After a send: frees its slot, moves the line on when `advanced`, and wakes the first waiting delivery. Never throws. */
    async release({
      webhookId,
      deliveryId,
      advanced,
    }: {
      webhookId: string;
      deliveryId: string;
      advanced: boolean;
    }): Promise<void> {
      try {
        const next = (await releaseScript(
          [keys.inFlight(webhookId), keys.waiting(webhookId), keys.lineTurn(webhookId)],
          [deliveryId, advanced ? 1 : 0],
        )) as string | null;
        if (next) await wake(webhookId, next);
      } catch (err) {
        logger.warn("could not wake the next waiting delivery; its fallback delay will", {
          webhookId,
          error: (err as Error).message,
        });
      }
    },
  };
}

export type EndpointLine = ReturnType<typeof createEndpointLine>;
