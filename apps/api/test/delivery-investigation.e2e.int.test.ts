import { eventually, type HeraldProcess, type Receiver, spawnHerald, startReceiver } from "@herald/testkit";
import { type ListeningApp, listen } from "./helpers/listening-app.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// Investigating a delivery with a real worker process and a real receiver:
// each attempt shows the request exactly as the receiver got it, and a
// pending delivery says what holds it. Retries after 1 s; a circuit opens
// after 2 consecutive failures and probes once a minute, so an open circuit
// stays open for the whole test.
let t: TestApp;
let api: ListeningApp;
let worker: HeraldProcess;
let receiver: Receiver;
let exactRequests = 0;

beforeAll(async () => {
  t = await createTestApp("investigation");
  api = await listen(t);
  receiver = await startReceiver((req) => {
    if (req.path.startsWith("/down")) return { status: 500, body: "receiver is down" };
    if (req.path === "/exact" && exactRequests++ === 0)
      return { status: 503, body: "not yet", headers: { "x-receiver": "first" } };
    return undefined;
  });
  worker = await spawnHerald(
    "worker",
    workerEnvFor(t, {
      HERALD_RETRY_SCHEDULE: "1,1,1",
      HERALD_CIRCUIT_THRESHOLD: "2",
      HERALD_CIRCUIT_PROBE_INTERVAL_MS: "60000",
    }),
  );
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await api?.close();
  await t?.close();
});

const herald = () => api.client(t.admin);
async function createHook(body: {
  url: string;
  events: string[];
  headers?: Record<string, string>;
  ordering?: "fifo" | "unordered";
}) {
  const res = await herald().POST("/api/v1/webhooks", { body });
  expect(res.response.status).toBe(201);
  return res.data!;
}
async function publish(type: string, data: Record<string, unknown>) {
  const res = await herald().POST("/api/v1/events", { body: { type, data } });
  expect(res.response.status).toBe(202);
  const event = await herald().GET("/api/v1/events/{id}", { params: { path: { id: res.data!.id } } });
  return event.data!;
}
async function detail(id: string) {
  const res = await herald().GET("/api/v1/deliveries/{id}", { params: { path: { id } } });
  expect(res.response.status).toBe(200);
  return { ...res.data!, raw: JSON.stringify(res.data) };
}

describe("each attempt shows exactly what was sent", () => {
  it("the method, URL, every header (custom values masked) and body bytes equal what the receiver recorded", async () => {
    await createHook({
      url: `${receiver.url}/exact`,
      events: ["order.*"],
      headers: { Authorization: "Bearer s3cret-token-42", "X-Tenant-Ref": "acme-ref-99" },
    });
    const event = await publish("order.created", {
      note: 'café ☕ "quoted"',
      amount: 12.5,
      zeta: 1,
      a: [{ sku: "A-1" }],
    });
    const { id } = event.deliveries[0]!;
    await eventually(async () => ((await detail(id)).status === "success" ? true : undefined), { what: "delivered" });
    const received = receiver.requests.filter((r) => r.path === "/exact");
    expect(received).toHaveLength(2);
    // The receiver got the credentials in the clear; the view shows them masked.
    expect(received.map((r) => r.headers.authorization)).toEqual(["Bearer s3cret-token-42", "Bearer s3cret-token-42"]);
    expect(received.map((r) => r.headers["x-tenant-ref"])).toEqual(["acme-ref-99", "acme-ref-99"]);

    const shown = await detail(id);
    expect(shown.event_type).toBe("order.created");
    expect(shown.attempts).toHaveLength(2);
    for (const [i, attempt] of shown.attempts.entries()) {
      const got = received[i]!;
      expect(attempt.request).not.toBeNull();
      expect(attempt.request!.method).toBe(got.method);
      expect(attempt.request!.url).toBe(`${receiver.url}/exact`);
      expect(attempt.request!.body).toBe(got.body);
      expect(attempt.request!.headers).toEqual({ ...got.headers, authorization: "***", "x-tenant-ref": "***" });
      expect(attempt.request!.headers["x-webhook-attempt"]).toBe(String(i + 1));
    }
    // The body is the envelope receivers get (keys in Postgres jsonb's order), the same bytes on the event page.
    expect(shown.attempts[0]!.request!.body).toBe(
      `{"id":"${event.id}","event":"order.created","created_at":"${event.created_at}","tenant_id":null,` +
        `"data":{"a":[{"sku":"A-1"}],"note":"café ☕ \\"quoted\\"","zeta":1,"amount":12.5}}`,
    );
    expect(event.envelope).toBe(shown.attempts[0]!.request!.body);
    expect(shown.attempts.map((a) => [a.status_code, a.response_body, a.response_headers?.["x-receiver"]])).toEqual([
      [503, "not yet", "first"],
      [200, "ok", undefined],
    ]);
    expect(shown.raw).not.toContain("s3cret-token-42");
    expect(shown.raw).not.toContain("acme-ref-99");
    expect(shown.held).toBeNull();
  });
});

describe("a held delivery says why and until when", () => {
  it("behind an open circuit: the next probe time, with next_attempt_at already past", async () => {
    await createHook({ url: `${receiver.url}/down/circuit`, events: ["circuit.test"] });
    const { id } = (await publish("circuit.test", {})).deliveries[0]!;
    const held = await eventually(
      async () => {
        const d = await detail(id);
        const overdue = d.next_attempt_at !== null && Date.parse(d.next_attempt_at) < Date.now();
        return d.held?.reason === "circuit_open" && overdue ? d : undefined;
      },
      { what: "held by the open circuit, its retry overdue" },
    );
    expect(held).toMatchObject({
      status: "pending",
      attempt_count: 2,
      held: {
        reason: "circuit_open",
        message: "the endpoint's circuit is open after consecutive failures; it waits for the next probe",
        behind_delivery_id: null,
      },
    });
    // The circuit opened at the second attempt and probes a minute later.
    const probeAt = Date.parse(held.held!.until!);
    const openedAt = Date.parse(held.attempts[1]!.created_at);
    expect(probeAt).toBeGreaterThan(openedAt + 55_000);
    expect(probeAt).toBeLessThanOrEqual(openedAt + 61_000);
  });

  it("behind a FIFO line's failing head: which delivery it waits for", async () => {
    await createHook({ url: `${receiver.url}/down/fifo`, events: ["fifo.test"], ordering: "fifo" });
    const head = (await publish("fifo.test", { n: 1 })).deliveries[0]!;
    const second = (await publish("fifo.test", { n: 2 })).deliveries[0]!;
    await eventually(async () => ((await detail(head.id)).attempt_count >= 1 ? true : undefined), {
      what: "the head tried",
    });
    const shown = await detail(second.id);
    expect(shown).toMatchObject({
      status: "pending",
      attempt_count: 0,
      held: {
        reason: "fifo_waiting",
        message: `its webhook delivers in order; it waits behind delivery ${head.id}`,
        until: null,
        behind_delivery_id: head.id,
      },
    });
  });
});
