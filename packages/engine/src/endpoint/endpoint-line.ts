import type { RedisClient } from "@herald/queue";
import { endpointKeys } from "./keys.ts";
import type { DeliveryQueues } from "../queue/delivery-queue.ts";
import { endpointScripts } from "./scripts.ts";
import type { Logger } from "@herald/config";

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
  const { linePark, lineRelease } = endpointScripts(redis);

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
        (await linePark(
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
        const next = (await lineRelease(
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
