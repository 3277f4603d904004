import { randomUUID } from "node:crypto";
import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import { type ListeningApp, listen } from "./helpers/listening-app.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// A program using @herald/client, as a customer would: the API on a loopback
// port, a real worker process, and an endpoint that fails until it recovers.
let t: TestApp;
let api: ListeningApp;
let worker: HeraldProcess;
let receiver: Receiver;
let healthy = false;

beforeAll(async () => {
  t = await createTestApp("client-e2e");
  api = await listen(t);
  receiver = await startReceiver(() => (healthy ? undefined : { status: 503, body: "down for maintenance" }));
  worker = await spawnHerald("worker", workerEnvFor(t));
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await api?.close();
  await t?.close();
});

it("publishes, lists the failed delivery and retries it through the client, then reads it delivered", async () => {
  const herald = api.client(t.admin);
  const created = await herald.POST("/api/v1/webhooks", {
    body: { url: `${receiver.url}/client`, events: ["client.tested"] },
  });
  expect(created.response.status).toBe(201);
  const webhookId = created.data!.id;

  const published = await herald.POST("/api/v1/events", { body: { type: "client.tested", data: { order: "ord_1" } } });
  expect(published.response.status).toBe(202);
  expect(published.data).toEqual({ id: expect.any(String), deliveries: 1 });

  // Three attempts (schedule 1 s, 1 s), all refused: the delivery is listed as failed.
  const [failed] = await eventually(
    async () => {
      const { data } = await herald.GET("/api/v1/webhooks/{id}/deliveries", {
        params: { path: { id: webhookId }, query: { status: "failed" } },
      });
      return data?.length ? data : undefined;
    },
    { what: "the delivery listed as failed", timeoutMs: 30_000 },
  );
  expect(failed).toMatchObject({ event_id: published.data!.id, status: "failed", attempt_count: 3 });
  const dlq = await herald.GET("/api/v1/webhooks/deliveries/failed");
  expect(dlq.data?.map((d) => d.id)).toContain(failed!.id);

  healthy = true;
  const retried = await herald.POST("/api/v1/webhooks/deliveries/{deliveryId}/retry", {
    params: { path: { deliveryId: failed!.id } },
  });
  expect(retried.response.status).toBe(200);
  expect(retried.data).toEqual({ success: true });
  const delivered = await eventually(
    async () => {
      const { data } = await herald.GET("/api/v1/deliveries/{id}", { params: { path: { id: failed!.id } } });
      return data?.status === "success" ? data : undefined;
    },
    { what: "delivered after the retry", timeoutMs: 30_000 },
  );
  // A manual retry starts a fresh schedule, and its attempt is the fourth (numbers go on).
  expect(delivered).toMatchObject({ status: "success", attempt_count: 4, last_status_code: 200 });
  const attempts = [...delivered.attempts].sort((a, b) => a.created_at.localeCompare(b.created_at));
  expect(attempts.map((a) => a.error === null)).toEqual([false, false, false, true]);
  expect(attempts.at(-1)).toMatchObject({ status_code: 200, response_body: "ok" });
  expect(receiver.requests.filter((r) => r.path === "/client").at(-1)?.headers["webhook-id"]).toBe(failed!.id);

  // The client reads an error as the API's one error shape.
  const missing = await herald.GET("/api/v1/deliveries/{id}", { params: { path: { id: randomUUID() } } });
  expect(missing.response.status).toBe(404);
  expect(missing.error).toMatchObject({ error: { code: "not_found" } });
});
