import http from "node:http";
import { Worker } from "bullmq";
import got from "got";
import { Redis } from "ioredis";
import pg from "pg";

// The naive full pipeline's consumer (the naive app enqueues): per job, one
// SELECT of the delivery with its event and webhook, a POST of the event
// with got, one UPDATE marking it delivered. What a plain worker on Herald's
// tables does, with none of Herald's admission, signing or retries.

const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 100);
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
});
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });

const SELECT = `SELECT d.id, e.type, e.data, w.url FROM deliveries d
  JOIN events e ON e.id = d.event_id JOIN webhooks w ON w.id = d.webhook_id WHERE d.id = $1`;
const UPDATE = `UPDATE deliveries SET status = 'success', attempt_count = attempt_count + 1,
  last_attempt_at = now(), completed_at = now(), updated_at = now() WHERE id = $1`;

const worker = new Worker(
  "naive",
  async (job) => {
    const { rows } = await pool.query({ name: "naive_select", text: SELECT, values: [job.data.deliveryId] });
    const row = rows[0] as { id: string; type: string; data: unknown; url: string } | undefined;
    if (!row) throw new Error(`delivery ${job.data.deliveryId} not found`);
    await got.post(row.url, {
      json: { id: row.id, type: row.type, data: row.data },
      headers: { "webhook-id": row.id },
      agent: { http: agent },
      retry: { limit: 0 },
      followRedirect: false,
      timeout: { request: 5000 },
    });
    await pool.query({ name: "naive_update", text: UPDATE, values: [row.id] });
  },
  {
    connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }),
    prefix: process.env.QUEUE_PREFIX!,
    concurrency,
  },
);
process.on("SIGTERM", () => void Promise.all([worker.close(), pool.end()]).then(() => process.exit(0)));
