import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { candidatePatterns } from "@herald/delivery";
import { Queue } from "bullmq";
import express from "express";
import { Redis } from "ioredis";
import pg from "pg";

// The naive ingest the bench compares Herald's with: a bare Express app that
// parses the same body and stores the event and one pending delivery per
// subscribed webhook in ONE statement per request: no queue, no batching, no
// auth, no validation beyond the shape. Herald's ingest has to beat this.
// With QUEUE_PREFIX set it is the naive full pipeline's front instead: after
// the commit it adds one BullMQ job per delivery (naive-worker.ts sends them).

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});

// Subscribers are matched in SQL with `events && patterns`, as Herald's
// findSubscribers does, but joined into the insert instead of read first.
// Delivery ids come from the database (the naive choice); a run's few
// thousand rows keep the random-uuid index inserts in memory.
const INSERT = `WITH ev AS (
    INSERT INTO events (id, type, data) VALUES ($1, $2, $3::jsonb) RETURNING id, created_at
  )
  INSERT INTO deliveries (id, event_id, webhook_id, tenant_id, status, attempt_count, next_attempt_at, created_at, updated_at)
  SELECT gen_random_uuid(), ev.id, w.id, w.tenant_id, 'pending', 0, ev.created_at, ev.created_at, ev.created_at
  FROM ev JOIN webhooks w ON w.enabled AND w.deleted_at IS NULL AND w.tenant_id IS NULL AND w.events && $4::text[]`;

// The pipeline's statement also answers the delivery ids to enqueue; the ingest reference's stays as it was.
const INSERT_RETURNING = `${INSERT} RETURNING id`;
const queue = process.env.QUEUE_PREFIX
  ? new Queue("naive", {
      connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }),
      prefix: process.env.QUEUE_PREFIX,
    })
  : null;

const app = express();
app.use(express.json({ limit: "256kb" }));
app.get("/readyz", (_req, res) => void res.send("ok"));
app.post("/api/v1/events", async (req, res) => {
  const { type, data } = (req.body ?? {}) as { type?: unknown; data?: unknown };
  if (typeof type !== "string" || typeof data !== "object" || data === null) {
    res.status(400).json({ error: "type and data are required" });
    return;
  }
  try {
    const id = randomUUID();
    const result = await pool.query<{ id: string }>({
      name: queue ? "naive_insert_returning" : "naive_insert",
      text: queue ? INSERT_RETURNING : INSERT,
      values: [id, type, JSON.stringify(data), candidatePatterns(type)],
    });
    if (queue)
      for (const row of result.rows)
        await queue.add("deliver", { deliveryId: row.id }, { removeOnComplete: true, removeOnFail: true });
    res.status(202).json({ id, deliveries: result.rowCount ?? 0 });
  } catch (err) {
    res.status(500).json({ error: (err as Error).message });
  }
});

const server = app.listen(Number(process.env.PORT), "127.0.0.1", () => {
  console.log(`naive ingest listening on ${(server.address() as AddressInfo).port}`);
});
server.keepAliveTimeout = 65_000;
process.on("SIGTERM", () => {
  server.close();
  void pool.end();
  void queue?.close();
});
