import http from "node:http";
import { Worker } from "bullmq";
import got from "got";
import { Redis } from "ioredis";

// The bare pipeline reference's consumer, a process of its own as Herald's
// worker is: a BullMQ worker that POSTs each job's data, as it is, to
// TARGET_URL with got. No database, no signing, no bookkeeping: what a
// queue and an HTTP client cost between a publish and its receipt.

const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 100);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const worker = new Worker(
  "bare",
  async (job) => {
    await got.post(process.env.TARGET_URL!, {
      json: job.data,
      // The receiver counts each message once, by this header.
      headers: { "webhook-id": String(job.id) },
      agent: { http: agent },
      retry: { limit: 0 },
      followRedirect: false,
      timeout: { request: 5000 },
    });
  },
  {
    connection: new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: null }),
    prefix: process.env.QUEUE_PREFIX!,
    concurrency,
  },
);
process.on("SIGTERM", () => void worker.close().then(() => process.exit(0)));
