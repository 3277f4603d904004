import { encrypt } from "@herald/crypto";
import { createDb, type Db } from "@herald/db";
import { eventually, type Receiver, startReceiver } from "@herald/testkit";
import { ssrfCorpus } from "@herald/ssrf/testing";
import { type Stack, startStack } from "../src/index.ts";

// Delivery time: webhook rows pointing at every corpus target are written
// straight into Postgres (as if created before a policy change, or by a
// bug in the create-time check). A worker with private targets not allowed
// must refuse each one without connecting: an attempt recorded with the SSRF
// error, and the loopback receiver those URLs point at gets nothing.
let stack: Stack;
let db: Db;
let receiver: Receiver;

beforeAll(async () => {
  stack = await startStack({ workerEnv: { HERALD_ALLOW_PRIVATE_TARGETS: "false", HERALD_RETRY_SCHEDULE: "600" } });
  await stack.startApi();
  db = createDb({ url: stack.databaseUrl, poolSize: 2 });
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await db?.$disconnect();
  await stack?.destroy();
});

it("refuses every corpus target at delivery time and never connects", async () => {
  const corpus = ssrfCorpus(Number(new URL(receiver.url).port));
  const hooks = await Promise.all(
    corpus.map((c) =>
      db.webhook.create({
        data: {
          url: c.url,
          events: ["ssrf.probe"],
          description: c.name,
          secretEncrypted: encrypt("s3cret-value-1", stack.encryptionKey),
        },
      }),
    ),
  );
  const worker = await stack.startWorker();
  await stack.call("POST", "/events", { type: "ssrf.probe", data: {} }, 202);

  const attempts = await eventually(
    async () => {
      const rows = await db.deliveryAttempt.findMany({ include: { delivery: { include: { webhook: true } } } });
      return rows.length >= hooks.length && rows;
    },
    { timeoutMs: 30_000, what: "one attempt per corpus target" },
  );
  const notRefused = attempts
    .filter((a) => !/non-public address|ERR_SSRF_BLOCKED/.test(a.error ?? ""))
    .map((a) => `${a.delivery.webhook.description}: ${a.statusCode} ${a.error}`);
  expect(notRefused).toEqual([]);
  expect(attempts.every((a) => a.statusCode === null)).toBe(true);
  expect(receiver.requests).toHaveLength(0);
  console.log(`SSRF at delivery: ${attempts.length} targets refused, receiver requests: ${receiver.requests.length}`);
  expect(worker.child.exitCode).toBeNull();
});
