import { Queue, type JobType, type JobsOptions } from "bullmq";
import { Cluster } from "ioredis";
import { type RedisClient, withTimeout } from "@herald/queue";
import { z } from "zod";

/**
 * The delivery job, declared once. Its payload is the delivery id only: the
 * worker reloads everything else (event, webhook, secrets, attempt count)
 * from Postgres, so a job never carries secrets and a rebuilt job is as good
 * as the original. With tracing on, the publish request's W3C `traceparent`
 * (ids only) rides along, so the worker's spans join the publish's trace;
 * jobs rebuilt by the sweeper or enqueued by a retry have none.
 */
export const DELIVER_JOB = "deliver";

// Version 00 of W3C Trace Context: trace id, parent span id, flags (lowercase hex).
const TRACEPARENT = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

export const deliveryJobSchema = z.object({
  deliveryId: z.uuid(),
  // A malformed one is dropped, never a reason to fail the delivery.
  traceparent: z.string().regex(TRACEPARENT).optional().catch(undefined),
});
export type DeliveryJobData = z.infer<typeof deliveryJobSchema>;

const DAY_S = 24 * 60 * 60;

/**
 * `jobId` = delivery id, so enqueueing twice (API and sweeper) is harmless.
 * HTTP failures are retried by the processor itself (it moves the job to
 * delayed on the schedule kept in Postgres); BullMQ's own attempts only cover
 * infrastructure faults inside the processor (Postgres briefly unreachable).
 * Failed jobs stay a week so the dashboard can show them.
 */
export function deliveryJobOptions(deliveryId: string, delayMs = 0): JobsOptions {
  return {
    jobId: deliveryId,
    delay: Math.max(0, Math.round(delayMs)),
    removeOnComplete: true,
    removeOnFail: { age: 7 * DAY_S, count: 50_000 },
    attempts: 5,
    backoff: { type: "exponential", delay: 2_000 },
  };
}

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

export type DeliveryQueue = Queue<DeliveryJobData, unknown, typeof DELIVER_JOB>;

/** Job states that carry a pending delivery forward; anything else means "no live job". */
const LIVE_STATES = new Set(["waiting", "delayed", "prioritized", "waiting-children", "active"]);

export interface FoundJob {
  queue: DeliveryQueue;
  /** The partition, or null for the pre-partition queue. */
  partition: number | null;
  state: string;
}

// Keeps the highest partition count any process has used, so the sweeper
// knows which partitions may still hold jobs after HERALD_QUEUE_PARTITIONS shrinks.
const RECORD_COUNT = `
local seen = tonumber(redis.call('GET', KEYS[1]) or '0')
local now = tonumber(ARGV[1])
if now > seen then redis.call('SET', KEYS[1], now) return now end
return seen
`;

/**
 * The delivery queues: one BullMQ queue per partition
 * (HERALD_QUEUE_PARTITIONS), a delivery going to its webhook's partition.
 * Producers, the sweeper, Bull Board and /metrics all go through this.
 */
export function createDeliveryQueues({
  connection,
  prefix,
  partitions = 1,
  enqueueTimeoutMs = ENQUEUE_TIMEOUT_MS,
  log = stderrLog,
  onError,
}: {
  connection: RedisClient;
  prefix: string;
  partitions?: number;
  /** How long an enqueue waits on Redis before leaving its deliveries to the sweeper (HERALD_ENQUEUE_TIMEOUT_MS). */
  enqueueTimeoutMs?: number;
  /** Where an enqueue that Redis did not take is reported. */
  log?: WarnLog;
  onError?: (err: Error) => void;
}) {
  const made = new Map<number | null, DeliveryQueue>();
  const queue = (partition: number | null): DeliveryQueue => {
    let q = made.get(partition);
    if (!q) {
      q = new Queue(partition === null ? LEGACY_QUEUE_NAME : partitionQueueName(partition), { connection, prefix });
      // An EventEmitter without an error listener would crash the process while Redis is down.
      q.on("error", onError ?? (() => undefined));
      made.set(partition, q);
    }
    return q;
  };
  const current = Array.from({ length: partitions }, (_, i) => queue(i));
  const countKey = `${prefix}:queue-partitions`;
  // The pre-partition queue's keys span slots, so it cannot exist on a cluster.
  const legacy = connection instanceof Cluster ? [] : [null];

  /** Every partition that may hold jobs: the current ones and any a larger earlier setting used. */
  async function knownPartitions(): Promise<number> {
    return Number(await connection.eval(RECORD_COUNT, 1, countKey, partitions));
  }

  /** Partitions past N that an earlier, larger setting used, then the pre-partition queue. */
  async function retired(): Promise<Array<number | null>> {
    const known = await knownPartitions();
    return [...Array.from({ length: Math.max(0, known - partitions) }, (_, i) => partitions + i), ...legacy];
  }

  /** Every queue that may hold jobs, current partitions first. */
  async function everyQueue(): Promise<Array<number | null>> {
    return [...current.keys(), ...(await retired())];
  }

  /** The first of `where` whose answer for the delivery passes `found`. */
  async function firstIn<T>(
    where: Array<number | null>,
    ask: (q: DeliveryQueue) => Promise<T>,
    found: (answer: T) => boolean,
  ): Promise<{ partition: number | null; answer: T } | null> {
    for (const partition of where) {
      const answer = await ask(queue(partition));
      if (found(answer)) return { partition, answer };
    }
    return null;
  }

  /** Job counts of every queue that may hold jobs. */
  async function jobCountsByPartition(
    ...states: JobType[]
  ): Promise<Array<{ partition: number | null; counts: Record<string, number> }>> {
    const where = await everyQueue();
    const counts = await Promise.all(where.map((p) => queue(p).getJobCounts(...states)));
    return where.map((partition, i) => ({ partition, counts: counts[i]! }));
  }

  return {
    /** N: new jobs go to partitions 0..N-1. */
    count: partitions,
    /** The queues of partitions 0..N-1. */
    partitions: current as readonly DeliveryQueue[],
    partitionOf: (webhookId: string) => partitionOf(webhookId, partitions),
    queueOf: (webhookId: string) => current[partitionOf(webhookId, partitions)]!,
    queue,
    knownPartitions,
    /**
     * The live job of a delivery: in its webhook's partition, else in another
     * current one (a job queued before N changed runs where it is), else in a
     * retired partition or the pre-partition queue. Null when there is none.
     * The retired ones are only looked up (one more round trip) on a miss.
     */
    async findLiveJob(deliveryId: string, webhookId: string): Promise<FoundJob | null> {
      const home = partitionOf(webhookId, partitions);
      const live = (state: string) => LIVE_STATES.has(state);
      const ask = (q: DeliveryQueue) => q.getJobState(deliveryId);
      const hit =
        (await firstIn([home, ...[...current.keys()].filter((i) => i !== home)], ask, live)) ??
        (await firstIn(await retired(), ask, live));
      return hit ? { queue: queue(hit.partition), partition: hit.partition, state: hit.answer } : null;
    },
    /** A job by delivery id, in whichever queue holds it. */
    async getJob(deliveryId: string) {
      return (
        await firstIn(
          await everyQueue(),
          (q) => q.getJob(deliveryId),
          (job) => job !== undefined,
        )
      )?.answer;
    },
    async getJobState(deliveryId: string): Promise<string> {
      return (
        (
          await firstIn(
            await everyQueue(),
            (q) => q.getJobState(deliveryId),
            (state) => state !== "unknown",
          )
        )?.answer ?? "unknown"
      );
    },
    jobCountsByPartition,
    /** Job counts summed over every queue that may hold jobs. */
    async getJobCounts(...states: JobType[]): Promise<Record<string, number>> {
      const sum: Record<string, number> = {};
      for (const { counts } of await jobCountsByPartition(...states))
        for (const [state, n] of Object.entries(counts)) sum[state] = (sum[state] ?? 0) + n;
      return sum;
    },
    enqueueTimeoutMs,
    log,
    async close(): Promise<void> {
      await Promise.all([...made.values()].map((q) => q.close()));
    },
  };
}

export type DeliveryQueues = ReturnType<typeof createDeliveryQueues>;

export interface PlannedJob {
  deliveryId: string;
  /** Picks the partition. */
  webhookId: string;
  /** Milliseconds from now; 0 for "as soon as possible". */
  delayMs?: number;
  /** The publish's trace context (tracing on only); the job carries it to the worker. */
  traceparent?: string;
}

const jobData = ({ deliveryId, traceparent }: PlannedJob): DeliveryJobData =>
  traceparent === undefined ? { deliveryId } : { deliveryId, traceparent };

/** Where a producer reports Redis trouble (the apps' loggers). */
export interface WarnLog {
  warn(message: string, meta?: Record<string, unknown>): unknown;
}

const stderrLog: WarnLog = {
  warn: (message, meta) => process.stderr.write(`herald: ${message} ${JSON.stringify(meta ?? {})}\n`),
};

/** The default of HERALD_ENQUEUE_TIMEOUT_MS (declared in @herald/config). */
const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * The one enqueue of deliveries already committed to Postgres: one job per
 * delivery, one addBulk per partition. `replace` first removes a finished job
 * with the same id (a failed job kept for the dashboard would otherwise
 * swallow the add, since ids de-duplicate); an active job is left alone
 * (remove refuses a locked job), which is right: it is being delivered.
 * Never throws: when Redis fails or does not answer within the queues'
 * enqueue timeout, the failure is logged and the deliveries stay pending in
 * Postgres, where the worker's sweeper finds and enqueues them. Returns how
 * many jobs were added (0: left to the sweeper).
 */
export async function enqueueDeliveries({
  queues,
  jobs,
  replace = false,
}: {
  queues: DeliveryQueues;
  jobs: readonly PlannedJob[];
  replace?: boolean;
}): Promise<number> {
  if (jobs.length === 0) return 0;
  const byPartition = new Map<number, PlannedJob[]>();
  for (const job of jobs) {
    const p = queues.partitionOf(job.webhookId);
    const list = byPartition.get(p);
    if (list) list.push(job);
    else byPartition.set(p, [job]);
  }
  const run = async () => {
    await Promise.all(
      [...byPartition].map(async ([partition, planned]) => {
        const queue = queues.partitions[partition]!;
        if (replace) await Promise.all(planned.map((job) => queue.remove(job.deliveryId).catch(() => 0)));
        await queue.addBulk(
          planned.map((job) => ({
            name: DELIVER_JOB,
            data: jobData(job),
            opts: deliveryJobOptions(job.deliveryId, job.delayMs),
          })),
        );
      }),
    );
    return jobs.length;
  };
  try {
    return await withTimeout(run(), queues.enqueueTimeoutMs);
  } catch (err) {
    queues.log.warn("could not enqueue deliveries; the sweeper will", {
      count: jobs.length,
      error: (err as Error).message,
    });
    return 0;
  }
}
