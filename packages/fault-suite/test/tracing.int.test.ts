import { randomBytes } from "node:crypto";
import { eventually, type ReceivedRequest, type Receiver, startReceiver } from "@herald/testkit";
import {
  OPENTELEMETRY_PROBE,
  type OtlpReceiver,
  type ReceivedSpan,
  type Stack,
  startOtlpReceiver,
  startStack,
} from "../src/index.ts";

// OpenTelemetry across the real API and worker processes: an in-process
// OTLP/HTTP receiver stands in for the collector, a loopback receiver for
// the endpoint. One trace must run from the publish request (continuing the
// publisher's traceparent when sent) through the worker's job to each
// attempt's HTTP client span, and the endpoint must get that span's
// traceparent. Without an OTLP endpoint no OpenTelemetry SDK even loads.
const KIND = { internal: 1, server: 2, client: 3, producer: 4, consumer: 5 };
const STATUS_ERROR = 2;

let stack: Stack;
let otlp: OtlpReceiver;
let receiver: Receiver;
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
// Preloaded into every process: at exit it prints how many OpenTelemetry SDK and exporter modules it loaded.
const probe = { NODE_OPTIONS: `--import=${OPENTELEMETRY_PROBE}` };
const modulesLoaded = (output: string) => Number(/opentelemetry-modules-loaded=(\d+)/.exec(output)?.[1] ?? NaN);

const eventOf = (r: ReceivedRequest) => (JSON.parse(r.body) as { id: string }).id;
const parseTraceparent = (value: unknown) => {
  const m = /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(String(value));
  return m ? { traceId: m[1]!, spanId: m[2]! } : null;
};

async function publish(
  type: string,
  data: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await fetch(`${stack.apiUrl}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${stack.adminKey}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ type, data }),
    signal: AbortSignal.timeout(10_000),
  });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}

beforeAll(async () => {
  otlp = await startOtlpReceiver();
  // The first attempt of an event whose data says `fail` gets a 500: its retry must stay in the publish's trace.
  receiver = await startReceiver((req) =>
    (JSON.parse(req.body) as { data: { fail?: boolean } }).data.fail && req.headers["x-webhook-attempt"] === "1"
      ? { status: 500 }
      : undefined,
  );
  stack = await startStack();
});
afterAll(async () => {
  await receiver?.close();
  await otlp?.close();
  await stack?.destroy();
});

it("links the publish request to every attempt's HTTP span in one trace, and the endpoint gets that span's traceparent", async () => {
  const otel = {
    ...probe,
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
    OTEL_BSP_SCHEDULE_DELAY: "200",
    OTEL_METRIC_EXPORT_INTERVAL: "500",
  };
  const api = await stack.startApi(otel);
  const worker = await stack.startWorker({ ...otel, HERALD_PROPAGATE_TRACE: "true" });
  expect(worker.output()).toContain(`tracing on: spans go to ${otlp.url}/v1/traces`);
  // The webhook's own traceparent header must not reach the endpoint while Herald propagates its own.
  const ownTraceparent = `00-${hex(16)}-${hex(8)}-01`;
  await stack.call(
    "POST",
    "/webhooks",
    {
      url: `${receiver.url}/hook?token=query-secret`,
      events: ["trace.*"],
      headers: { traceparent: ownTraceparent, "x-team": "billing" },
    },
    201,
  );

  const publisher = { traceId: hex(16), spanId: hex(8) };
  const retried = await publish(
    "trace.checked",
    { fail: true },
    { traceparent: `00-${publisher.traceId}-${publisher.spanId}-01` },
  );
  const fresh = await publish("trace.checked", { fail: false });
  await receiver.waitForRequests(3, 60_000);
  // SIGTERM: what is still buffered is exported on the way out.
  expect(await worker.stop()).toBe(0);
  expect(await api.stop()).toBe(0);

  const byId = new Map(otlp.spans.map((s) => [s.spanId, s]));
  const parentOf = (s: ReceivedSpan) => byId.get(s.parentSpanId);

  /** Endpoint request → its client span → the job's consumer span → the publish's server span. */
  function chainOf(req: ReceivedRequest) {
    const sent = parseTraceparent(req.headers.traceparent);
    expect(sent).not.toBeNull();
    const client = byId.get(sent!.spanId)!;
    expect(client).toMatchObject({ service: "herald-worker", kind: KIND.client, traceId: sent!.traceId, name: "POST" });
    const job = parentOf(client)!;
    expect(job).toMatchObject({ service: "herald-worker", kind: KIND.consumer, traceId: sent!.traceId });
    expect(job.attributes).toMatchObject({
      "messaging.system": "bullmq",
      "herald.delivery.id": req.headers["webhook-id"],
    });
    const request = parentOf(job)!;
    expect(request).toMatchObject({
      service: "herald-api",
      kind: KIND.server,
      traceId: sent!.traceId,
      name: "POST /api/v1/events",
    });
    expect(request.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.route": "/api/v1/events",
      "http.response.status_code": 202,
    });
    return { client, job, request };
  }

  // The publish that sent a traceparent: its trace continues the publisher's, through both attempts.
  const attempts = receiver.requests.filter((r) => eventOf(r) === retried);
  expect(attempts.map((r) => [r.headers["x-webhook-attempt"], r.headers["x-team"]])).toEqual([
    ["1", "billing"],
    ["2", "billing"],
  ]);
  const chains = attempts.map(chainOf);
  for (const [i, { client, request }] of chains.entries()) {
    expect(request.traceId).toBe(publisher.traceId);
    expect(request.parentSpanId).toBe(publisher.spanId);
    expect(client.attributes).toMatchObject({
      "http.request.method": "POST",
      "http.response.status_code": i === 0 ? 500 : 200,
      "server.address": "127.0.0.1",
      "server.port": Number(new URL(receiver.url).port),
      "url.full": `${receiver.url}/hook`,
      "herald.attempt": i + 1,
    });
    expect(client.status).toBe(i === 0 ? STATUS_ERROR : 0);
  }
  // Each run of the job shows its steps as spans beside the attempt's, in the order they ran.
  for (const { job } of chains) {
    const steps = otlp.spans
      .filter((s) => s.parentSpanId === job.spanId)
      .sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)
      .map((s) => [s.name, s.kind]);
    expect(steps).toEqual([
      ["load delivery", KIND.internal],
      ["admit", KIND.internal],
      ["POST", KIND.client],
      ["record attempt", KIND.internal],
    ]);
  }
  expect(chains[0]!.client.attributes["error.type"]).toBe("500");
  // Two runs of the one job (the retry), both under the same publish request.
  expect(chains[0]!.job.spanId).not.toBe(chains[1]!.job.spanId);
  expect(chains[0]!.request.spanId).toBe(chains[1]!.request.spanId);
  expect(attempts.map((r) => r.headers.traceparent)).not.toContain(ownTraceparent);

  // The publish without one starts its own trace at the API.
  const [freshAttempt, ...more] = receiver.requests.filter((r) => eventOf(r) === fresh);
  expect(more).toHaveLength(0);
  const freshChain = chainOf(freshAttempt!);
  expect(freshChain.request.parentSpanId).toBe("");
  expect(freshChain.request.traceId).not.toBe(publisher.traceId);

  // Each publish's batch write and enqueue: spans of the batch, which links to the request.
  for (const { request } of [chains[0]!, freshChain]) {
    const batch = otlp.spans.find(
      (s) =>
        s.name === "publish batch" && s.links.some((l) => l.traceId === request.traceId && l.spanId === request.spanId),
    );
    expect(batch).toMatchObject({ service: "herald-api", kind: KIND.internal });
    const steps = otlp.spans.filter((s) => s.parentSpanId === batch!.spanId).map((s) => [s.name, s.kind]);
    expect(steps).toEqual(
      expect.arrayContaining([
        ["INSERT events", KIND.client],
        ["send deliver", KIND.producer],
      ]),
    );
  }

  // OTLP metrics ride along; Prometheus is unchanged.
  expect([...(otlp.metrics.get("herald-api") ?? [])]).toContain("herald.events.accepted");
  expect([...(otlp.metrics.get("herald-worker") ?? [])]).toEqual(
    expect.arrayContaining(["herald.delivery.attempts", "herald.delivery.attempt.duration"]),
  );
  // The probe's control: tracing on does load the SDK.
  expect(modulesLoaded(api.output())).toBeGreaterThan(0);
  expect(modulesLoaded(worker.output())).toBeGreaterThan(0);
});

it("without an OTLP endpoint loads no OpenTelemetry SDK and sends no traceparent, even with HERALD_PROPAGATE_TRACE", async () => {
  const api = await stack.startApi(probe);
  const worker = await stack.startWorker({ ...probe, HERALD_PROPAGATE_TRACE: "true" });
  expect(worker.output()).toContain("HERALD_PROPAGATE_TRACE is set but no OTLP endpoint is");
  await stack.call("POST", "/webhooks", { url: `${receiver.url}/quiet`, events: ["quiet.*"] }, 201);
  const before = receiver.requests.length;
  const id = await publish("quiet.checked", {}, { traceparent: `00-${hex(16)}-${hex(8)}-01` });
  const delivered = await eventually(() => receiver.requests.slice(before).find((r) => eventOf(r) === id), {
    timeoutMs: 30_000,
    what: "the delivery",
  });
  expect(delivered.headers.traceparent).toBeUndefined();
  expect(await worker.stop()).toBe(0);
  expect(await api.stop()).toBe(0);
  expect(api.output()).not.toContain("tracing on");
  expect(modulesLoaded(api.output())).toBe(0);
  expect(modulesLoaded(worker.output())).toBe(0);
});
