/**
 * Deliveries are spread over HERALD_QUEUE_PARTITIONS BullMQ queues by their
 * webhook: every delivery of one webhook goes to the same partition, so its
 * endpoint state and (later) its order live in one place. The hash is 32-bit
 * FNV-1a over the webhook id: stable across processes, versions and hosts.
 */
export function partitionOf(webhookId: string, count: number): number {
  if (count <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < webhookId.length; i++) {
    hash ^= webhookId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/**
 * Partition i's BullMQ queue name. The braces are a Redis Cluster hash tag:
 * every key of one partition (`<prefix>:{deliveries-i}:*`) lives in one slot,
 * as BullMQ's scripts require, and different partitions land on different
 * slots, so a cluster spreads them over its shards.
 */
export function partitionQueueName(partition: number): string {
  return `{deliveries-${partition}}`;
}

/** Before partitions, the one queue was `<prefix>:deliveries:*` (single Redis only); the sweeper drains it. */
export const LEGACY_QUEUE_NAME = "deliveries";

/**
 * Parses a list like "0-3,6" (HERALD_WORKER_PARTITIONS) into sorted partition
 * numbers below `count`; throws with a message naming the bad part.
 */
export function parsePartitionList(text: string, count: number): number[] {
  const picked = new Set<number>();
  for (const part of text.split(",").map((p) => p.trim())) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) throw new Error(`"${part}" is not a partition number or range (e.g. 0-3,6)`);
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) throw new Error(`"${part}" is an empty range`);
    if (to >= count)
      throw new Error(`partition ${to} does not exist (HERALD_QUEUE_PARTITIONS is ${count}: 0-${count - 1})`);
    for (let p = from; p <= to; p++) picked.add(p);
  }
  return [...picked].sort((a, b) => a - b);
}
