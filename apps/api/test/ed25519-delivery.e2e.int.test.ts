import { createPublicKey, verify as nodeVerify } from "node:crypto";
import { Webhook } from "standardwebhooks";
import {
  eventually,
  type HeraldProcess,
  type ReceivedRequest,
  type Receiver,
  spawnHerald,
  startReceiver,
} from "@herald/testkit";
import { verify } from "@herald/signing";
import { type ListeningApp, listen } from "./helpers/listening-app.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";
import { workerEnvFor } from "./helpers/worker-env.ts";

// End to end for signature_scheme "ed25519": webhooks made through the API,
// events delivered by a real worker process to a loopback receiver that
// verifies like a customer would: node:crypto alone, with the whpk_ key it
// read from GET /webhooks/:id, over "{id}.{timestamp}.{body}", answering 401
// to anything that does not verify.
let t: TestApp;
let api: ListeningApp;
let worker: HeraldProcess;
let receiver: Receiver;
/** The whpk_ keys the receiver trusts, per path: what its operator copied from the API. */
const trusted = new Map<string, string[]>();

type Headers = Record<string, string>;
const headersOf = (r: ReceivedRequest) => r.headers as Headers;
const entriesOf = (r: ReceivedRequest) => headersOf(r)["webhook-signature"]!.split(" ");

/** A receiver's check, node:crypto only: the raw key in SPKI DER (RFC 8410), one v1a entry. */
function verifiesWith(publicKey: string, r: { headers: Headers; body: string }, entry: string): boolean {
  const raw = Buffer.from(publicKey.slice("whpk_".length), "base64");
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]),
    format: "der",
    type: "spki",
  });
  const [version, signature] = entry.split(",");
  const signed = `${r.headers["webhook-id"]}.${r.headers["webhook-timestamp"]}.${r.body}`;
  return version === "v1a" && nodeVerify(null, Buffer.from(signed), key, Buffer.from(signature ?? "", "base64"));
}
const anyVerifies = (publicKey: string, r: { headers: Headers; body: string }) =>
  (r.headers["webhook-signature"] ?? "").split(" ").some((e) => verifiesWith(publicKey, r, e));

beforeAll(async () => {
  t = await createTestApp("ed25519-e2e");
  api = await listen(t);
  receiver = await startReceiver((req) => {
    const keys = trusted.get(req.path);
    if (!keys) return undefined;
    const ok = keys.some((k) => anyVerifies(k, { headers: headersOf(req), body: req.body }));
    return ok ? undefined : { status: 401, body: "bad signature" };
  });
  worker = await spawnHerald("worker", workerEnvFor(t));
});
afterAll(async () => {
  await worker?.stop();
  await receiver?.close();
  await api?.close();
  await t?.close();
});

const admin = () => api.client(t.admin);
const webhookById = (id: string) => admin().GET("/api/v1/webhooks/{id}", { params: { path: { id } } });
/** An ed25519 webhook at `path`, subscribed to the event type `sig.<type>` (each test its own, so events reach only its webhooks). */
async function webhook(path: string, type: string) {
  const res = await admin().POST("/api/v1/webhooks", {
    body: { url: `${receiver.url}${path}`, events: [`sig.${type}`], signature_scheme: "ed25519" },
  });
  expect(res.response.status).toBe(201);
  // The receiver's operator reads the public key from the API.
  const got = await webhookById(res.data!.id);
  expect(got.response.status).toBe(200);
  return { id: res.data!.id, secret: res.data!.secret, publicKey: got.data!.public_key as string };
}
async function publishAndSettle(type: string, data: Record<string, unknown>) {
  const res = await admin().POST("/api/v1/events", { body: { type: `sig.${type}`, data } });
  expect(res.response.status).toBe(202);
  const eventId = res.data!.id;
  const deliveries = await eventually(
    async () => {
      const list = (await admin().GET("/api/v1/events/{id}", { params: { path: { id: eventId } } })).data!.deliveries;
      return list.length > 0 && list.every((d) => d.status !== "pending") ? list : undefined;
    },
    { what: "deliveries settled", timeoutMs: 30_000 },
  );
  return { eventId, deliveries };
}
const receivedFor = (eventId: string, path: string) =>
  receiver.requests.filter((r) => r.path === path && JSON.parse(r.body).id === eventId);

describe("ed25519 deliveries", () => {
  it("carry one v1a signature that node:crypto verifies with the published whpk_ key; a tampered body or another key fails", async () => {
    const hook = await webhook("/ed", "basic");
    trusted.set("/ed", [hook.publicKey]);
    const { eventId, deliveries } = await publishAndSettle("basic", { order: "ord_1", total: 12.5 });
    expect(deliveries).toEqual([expect.objectContaining({ status: "success", attempt_count: 1 })]);
    const [got] = receivedFor(eventId, "/ed");
    const headers = headersOf(got!);
    expect(entriesOf(got!)).toEqual([expect.stringMatching(/^v1a,[A-Za-z0-9+/]{86}==$/)]);
    expect(headers["webhook-id"]).toEqual(expect.any(String));
    // HMAC-only legacy header: an ed25519 webhook has no shared secret to send it with.
    expect(headers).not.toHaveProperty("x-webhook-signature");
    expect(verifiesWith(hook.publicKey, { headers, body: got!.body }, entriesOf(got!)[0]!)).toBe(true);
    expect(verify({ publicKey: hook.publicKey, body: got!.body, headers })).toEqual({ ok: true });

    expect(
      verifiesWith(hook.publicKey, { headers, body: got!.body.replace("12.5", "13.5") }, entriesOf(got!)[0]!),
    ).toBe(false);
    expect(
      verifiesWith(
        hook.publicKey,
        {
          headers: { ...headers, "webhook-timestamp": String(Number(headers["webhook-timestamp"]) + 1) },
          body: got!.body,
        },
        entriesOf(got!)[0]!,
      ),
    ).toBe(false);
    const other = await webhook("/other", "none");
    expect(verifiesWith(other.publicKey, { headers, body: got!.body }, entriesOf(got!)[0]!)).toBe(false);
    // Nor does the webhook's own HMAC secret verify it: the v1 verifier finds no v1 entry.
    expect(() => new Webhook(hook.secret).verify(got!.body, headers)).toThrow();
  });

  it("a receiver holding the wrong public key refuses them, so the delivery retries and fails", async () => {
    const hook = await webhook("/wrong-key", "wrong");
    const other = await webhook("/unrelated", "wrong");
    trusted.set("/wrong-key", [other.publicKey]);
    trusted.set("/unrelated", [other.publicKey]);
    const { eventId, deliveries } = await publishAndSettle("wrong", { n: 1 });
    expect(deliveries.find((d) => d.webhook_id === hook.id)).toMatchObject({ status: "failed", attempt_count: 3 });
    expect(deliveries.find((d) => d.webhook_id === other.id)).toMatchObject({ status: "success", attempt_count: 1 });
    expect(receivedFor(eventId, "/wrong-key")).toHaveLength(3);
    expect(receivedFor(eventId, "/unrelated")).toHaveLength(1);
  });

  it("during a rotation's overlap carry two v1a signatures, new then old, each verifiable with its own key; after it, the new one only", async () => {
    const hook = await webhook("/rotating", "rotating");
    // The receiver keeps only the old key until it updates: the overlap keeps it working.
    trusted.set("/rotating", [hook.publicKey]);
    const rotated = await admin().POST("/api/v1/webhooks/{id}/rotate-secret", {
      params: { path: { id: hook.id } },
      body: {},
    });
    expect(rotated.response.status).toBe(200);
    const fresh = rotated.data!.public_key as string;
    expect(fresh).not.toBe(hook.publicKey);
    expect((await webhookById(hook.id)).data!.public_key).toBe(fresh);

    const during = await publishAndSettle("rotating", { n: 2 });
    expect(during.deliveries).toEqual([expect.objectContaining({ status: "success", attempt_count: 1 })]);
    const [got] = receivedFor(during.eventId, "/rotating");
    const [first, second] = entriesOf(got!);
    expect(entriesOf(got!)).toHaveLength(2);
    const message = { headers: headersOf(got!), body: got!.body };
    expect(verifiesWith(fresh, message, first!)).toBe(true);
    expect(verifiesWith(hook.publicKey, message, second!)).toBe(true);
    expect(verifiesWith(hook.publicKey, message, first!)).toBe(false);
    expect(verifiesWith(fresh, message, second!)).toBe(false);

    // The overlap ends (moved to the past rather than waited for).
    await t.deps.db.webhook.update({
      where: { id: hook.id },
      data: { previousSigningKeyExpiresAt: new Date(Date.now() - 1000) },
    });
    trusted.set("/rotating", [fresh]);
    const after = await publishAndSettle("rotating", { n: 3 });
    expect(after.deliveries).toEqual([expect.objectContaining({ status: "success" })]);
    const [late] = receivedFor(after.eventId, "/rotating");
    expect(entriesOf(late!)).toHaveLength(1);
    expect(anyVerifies(hook.publicKey, { headers: headersOf(late!), body: late!.body })).toBe(false);
  });

  it("the test send signs with the webhook's scheme; switching back to hmac-sha256 signs v1 with the secret again", async () => {
    const hook = await webhook("/switching", "switching");
    trusted.set("/switching", [hook.publicKey]);
    const sent = await admin().POST("/api/v1/webhooks/{id}/test", {
      params: { path: { id: hook.id } },
      body: { event: "sig.ping" },
    });
    expect(sent.response.status).toBe(200);
    expect(sent.data).toMatchObject({ success: true, response_code: 200 });
    const ping = receiver.requests.filter((r) => r.path === "/switching").at(-1)!;
    expect(entriesOf(ping)).toEqual([expect.stringMatching(/^v1a,/)]);

    const switched = await admin().PATCH("/api/v1/webhooks/{id}", {
      params: { path: { id: hook.id } },
      body: { signature_scheme: "hmac-sha256" },
    });
    expect(switched.response.status).toBe(200);
    trusted.delete("/switching");
    const { eventId } = await publishAndSettle("switching", { n: 4 });
    const [got] = receivedFor(eventId, "/switching");
    expect(entriesOf(got!)).toEqual([expect.stringMatching(/^v1,/)]);
    expect(new Webhook(hook.secret).verify(got!.body, headersOf(got!))).toMatchObject({ id: eventId });
    expect(headersOf(got!)["x-webhook-signature"]).toMatch(/^[0-9a-f]{64}$/);
  });
});
