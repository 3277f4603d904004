import { LATENCY_BUCKETS_S, metricsKeys } from "@herald/queue";
import { endpointKeys } from "@herald/engine";
import { Counter, Gauge, Registry } from "prom-client";
import type { AppDeps } from "../../deps.ts";

type Deps = Pick<AppDeps, "db" | "redis" | "deliveryQueues" | "config">;

const QUEUE_STATES = ["waiting", "delayed", "active", "failed"] as const;

/** The attempt latency histogram, rebuilt at each scrape from the buckets workers add up in Redis. */
function latencyHistogram({ redis, config }: Deps) {
  const name = "herald_delivery_attempt_duration_seconds";
  return {
    name,
    async get() {
      const stored = await redis.hgetall(metricsKeys(config.queuePrefix).latency);
      let cumulative = 0;
      const values = [...LATENCY_BUCKETS_S.map(String), "+Inf"].map((le) => {
        cumulative += Number(stored[le] ?? 0);
        return { metricName: `${name}_bucket`, labels: { le }, value: cumulative };
      });
      values.push({ metricName: `${name}_sum`, labels: {} as never, value: Number(stored.sum ?? 0) });
      values.push({ metricName: `${name}_count`, labels: {} as never, value: Number(stored.count ?? 0) });
      return {
        name,
        help: "Duration of delivery attempts (HTTP request to answer), all workers",
        type: "histogram",
        values,
        aggregator: "sum",
      };
    },
  };
}

/**
 * One registry per app. Everything is read at scrape time from the shared
 * stores, so any API instance reports the whole installation: attempt
 * counters and latency that workers flush to Redis, queue depth from BullMQ,
 * the dead-letter queue from Postgres, open circuits from the breaker's set.
 */
export function createMetricsRegistry(deps: Deps): Registry {
  const registry = new Registry();
  const { redis, db, deliveryQueues, config } = deps;
  new Counter({
    name: "herald_delivery_attempts_total",
    help: "Delivery attempts by outcome: success, retry (failed, retry scheduled), failed (failed into the dead-letter queue)",
    labelNames: ["outcome"],
    registers: [registry],
    async collect() {
      const stored = await redis.hgetall(metricsKeys(config.queuePrefix).outcomes);
      this.reset();
      for (const outcome of ["success", "retry", "failed"]) this.inc({ outcome }, Number(stored[outcome] ?? 0));
    },
  });
  // Both queue gauges read the same counts; a scrape collects them together, so they share one read.
  let counting: ReturnType<typeof deliveryQueues.jobCountsByPartition> | null = null;
  const queueCounts = () =>
    (counting ??= deliveryQueues.jobCountsByPartition(...QUEUE_STATES).finally(() => (counting = null)));
  new Gauge({
    name: "herald_queue_jobs",
    help: "Delivery jobs in the queue by state, all partitions",
    labelNames: ["state"],
    registers: [registry],
    async collect() {
      const all = await queueCounts();
      for (const state of QUEUE_STATES)
        this.set(
          { state },
          all.reduce((n, { counts }) => n + (counts[state] ?? 0), 0),
        );
    },
  });
  new Gauge({
    name: "herald_queue_partition_jobs",
    help: "Delivery jobs by queue partition and state (HERALD_QUEUE_PARTITIONS; `legacy` is the pre-partition queue)",
    labelNames: ["partition", "state"],
    registers: [registry],
    async collect() {
      const all = await queueCounts();
      this.reset();
      for (const { partition, counts } of all) {
        for (const state of QUEUE_STATES)
          this.set({ partition: partition === null ? "legacy" : String(partition), state }, counts[state] ?? 0);
      }
    },
  });
  new Gauge({
    name: "herald_dead_letter_deliveries",
    help: "Deliveries in the dead-letter queue (status failed)",
    registers: [registry],
    async collect() {
      this.set(await db.delivery.count({ where: { status: "failed" } }));
    },
  });
  new Gauge({
    name: "herald_open_circuits",
    help: "Endpoints whose circuit breaker is open",
    registers: [registry],
    async collect() {
      // The set is written beside the breaker's script (another cluster slot): count members whose circuit is still open.
      const keys = endpointKeys(config.queuePrefix);
      const members = await redis.smembers(keys.openSet);
      const open = await Promise.all(members.map((id) => redis.exists(keys.open(id))));
      this.set(open.filter((n) => n === 1).length);
    },
  });
  registry.registerMetric(latencyHistogram(deps) as never);
  return registry;
}
