import { createHmac } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { generateSecret } from "@herald/signing";
import {
  buildEnvelope,
  createWebhookClient,
  RESPONSE_EXCERPT_BYTES,
  type SendInput,
  USER_AGENT,
} from "../src/index.ts";
import { type Receiver, startReceiver } from "@herald/testkit";

const open = { allowHttp: true, allowPrivateTargets: true, timeoutMs: 1000 };
const client = createWebhookClient(open);
let receiver: Receiver;

beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());
afterAll(() => client.close());

const body = buildEnvelope({
  id: "evt_1",
  type: "invoice.updated",
  createdAt: new Date("2026-01-20T14:30:00Z"),
  tenantId: null,
  data: { amount: 42, note: "ü" },
});
const input = (over: Partial<SendInput> = {}): SendInput => ({
  url: `${receiver.url}/hook`,
  body,
  messageId: "msg_1",
  eventType: "invoice.updated",
  attempt: 2,
  secrets: ["whsec_" + Buffer.alloc(24, 7).toString("base64")],
  ...over,
});

describe("createWebhookClient().send", () => {
  it("POSTs the compact envelope, signed so standardwebhooks and a plain hex HMAC both verify", async () => {
    const generated = generateSecret();
    const chosen = "my-own-secret-123";
    const result = await client.send(
      input({
        secrets: [generated, chosen],
        headers: { "X-Tenant": "acme", "webhook-id": "forged", "bad header": "x" },
      }),
    );
    expect(result).toMatchObject({ ok: true, statusCode: 200, error: null, responseBody: "ok" });
    const [req] = receiver.requests;
    expect(req!.method).toBe("POST");
    expect(req!.body).toBe(
      '{"id":"evt_1","event":"invoice.updated","created_at":"2026-01-20T14:30:00.000Z","tenant_id":null,"data":{"amount":42,"note":"ü"}}',
    );
    const headers = req!.headers as Record<string, string>;
    expect(headers["webhook-id"]).toBe("msg_1");
    expect(Math.abs(Number(headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(5);
    expect(headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    // Both secrets of a rotation verify, each with the official verifier.
    expect(new Webhook(generated).verify(req!.body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(chosen, { format: "raw" }).verify(req!.body, headers)).toEqual(JSON.parse(body));
    expect(headers["x-webhook-signature"]).toBe(
      createHmac("sha256", generated)
        .update(JSON.stringify(JSON.parse(req!.body)))
        .digest("hex"),
    );
    expect(headers).toMatchObject({
      "content-type": "application/json",
      "user-agent": USER_AGENT,
      "x-webhook-event": "invoice.updated",
      "x-webhook-attempt": "2",
      "x-tenant": "acme",
    });
    expect(USER_AGENT).toMatch(/^Herald\/\d+\.\d+\.\d+/);
  });

  it("sends the attempt's traceparent when given, in place of a webhook's own trace headers, and passes those on otherwise", async () => {
    const traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    const own = {
      traceparent: "00-11111111111111111111111111111111-2222222222222222-01",
      TraceState: "vendor=1",
      "x-tenant": "acme",
    };
    await client.send(input({ headers: own, traceparent }));
    await client.send(input({ headers: own }));
    const [traced, untraced] = receiver.requests.map((r) => r.headers);
    expect(traced).toMatchObject({ traceparent, "x-tenant": "acme" });
    expect(traced!.tracestate).toBeUndefined();
    expect(untraced).toMatchObject({ traceparent: own.traceparent, tracestate: "vendor=1", "x-tenant": "acme" });
  });

  it("reports a non-2xx answer with its status and at most 4 KiB of its body", async () => {
    receiver.respondWith(() => ({ status: 500, body: "x".repeat(10_000) }));
    const result = await client.send(input());
    expect(result).toMatchObject({ ok: false, statusCode: 500, error: "HTTP 500" });
    expect(result.responseBody).toHaveLength(RESPONSE_EXCERPT_BYTES);
    expect(result.retryAfterMs).toBeUndefined();
  });

  it("reads Retry-After on 429 and 503 only", async () => {
    receiver.respondWith((_, i) => ({ status: i === 0 ? 429 : 500, headers: { "retry-after": "120" } }));
    expect((await client.send(input())).retryAfterMs).toBe(120_000);
    expect((await client.send(input())).retryAfterMs).toBeUndefined();
  });

  it("does not follow redirects: a 3xx is a failed attempt", async () => {
    receiver.respondWith((req) =>
      req.path === "/hook" ? { status: 302, headers: { location: "/elsewhere" } } : undefined,
    );
    const result = await client.send(input());
    expect(result).toMatchObject({ ok: false, statusCode: 302 });
    expect(receiver.requests.map((r) => r.path)).toEqual(["/hook"]);
  });

  it("fails an attempt that outlasts the timeout", async () => {
    receiver.respondWith(() => ({ delayMs: 3000 }));
    const result = await client.send(input());
    expect(result).toMatchObject({ ok: false, statusCode: null });
    expect(result.error).toMatch(/timeout/);
    expect(result.durationMs).toBeGreaterThanOrEqual(900);
    expect(result.durationMs).toBeLessThan(2900);
  });

  it("reports a refused connection", async () => {
    const url = receiver.url;
    await receiver.close();
    const result = await client.send(input({ url }));
    expect(result).toMatchObject({ ok: false, statusCode: null });
    expect(result.error).toMatch(/ECONNREFUSED/);
    receiver = await startReceiver();
  });
});

describe("SSRF guard at send time", () => {
  const guarded = createWebhookClient({ allowHttp: true, allowPrivateTargets: false, timeoutMs: 1000 });
  afterAll(() => guarded.close());

  it("refuses loopback, private and mapped IP literals without connecting", async () => {
    const port = new URL(receiver.url).port;
    for (const host of ["127.0.0.1", "[::1]", "[::ffff:127.0.0.1]", "10.0.0.1", "169.254.169.254", "2130706433"]) {
      const result = await guarded.send(input({ url: `http://${host}:${port}/hook` }));
      expect([host, result.ok, result.error]).toEqual([host, false, expect.stringMatching(/non-public address/)]);
    }
    expect(receiver.requests).toHaveLength(0);
  });

  it("refuses a hostname that resolves to loopback, at connect time", async () => {
    const port = new URL(receiver.url).port;
    const result = await guarded.send(input({ url: `http://localhost:${port}/hook` }));
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/not a public address/);
    expect(receiver.requests).toHaveLength(0);
  });

  it("refuses http unless allowed", async () => {
    const httpsOnly = createWebhookClient({ allowHttp: false, allowPrivateTargets: true, timeoutMs: 1000 });
    const result = await httpsOnly.send(input());
    httpsOnly.close();
    expect(result.error).toMatch(/https/);
    expect(receiver.requests).toHaveLength(0);
  });
});
