import { Webhook } from "standardwebhooks";
import { generateSecret, sign, verify, bodySignatureOf } from "./index.ts";
import { createHmac } from "node:crypto";

// Reference vector from the Standard Webhooks specification's test suite.
const vector = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

const now = () => Math.floor(Date.now() / 1000);

describe("sign", () => {
  it("reproduces the Standard Webhooks reference signature", () => {
    const headers = sign({ secrets: [vector.secret], id: vector.id, timestamp: vector.timestamp, body: vector.body });
    expect(headers["webhook-signature"]).toBe(vector.signature);
    expect(headers["webhook-id"]).toBe(vector.id);
    expect(headers["webhook-timestamp"]).toBe("1614265330");
  });

  it("lists one v1 signature per active secret, space-separated, newest first", () => {
    const old = generateSecret();
    const headers = sign({
      secrets: [vector.secret, old],
      id: vector.id,
      timestamp: vector.timestamp,
      body: vector.body,
    });
    const parts = headers["webhook-signature"].split(" ");
    expect(parts).toHaveLength(2);
    expect(parts[0]).toBe(vector.signature);
    expect(parts[1]).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(parts[1]).not.toBe(vector.signature);
  });

  it("gives the hex body HMAC keyed with the secret string, as a receiver's one-line snippet computes it", () => {
    const secret = "your_webhook_secret";
    const payload = { id: "evt_1", event: "kol.created", data: { a: 1 } };
    const body = JSON.stringify(payload);
    const headers = sign({ secrets: [secret], id: "evt_1", timestamp: now(), body });
    // The MedStrato Node snippet: HMAC over JSON.stringify of the parsed body.
    const expected = createHmac("sha256", secret)
      .update(JSON.stringify(JSON.parse(body)))
      .digest("hex");
    expect(headers["x-webhook-signature"]).toBe(expected);
    expect(bodySignatureOf({ secret, body })).toBe(expected);
  });

  it("refuses to sign without a secret", () => {
    expect(() => sign({ secrets: [], id: "x", timestamp: 1, body: "{}" })).toThrow(/secret/);
  });
});

describe("generateSecret", () => {
  it("makes whsec_ secrets of at least 24 random bytes that differ each time", () => {
    const a = generateSecret();
    const b = generateSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(a.slice(6), "base64").length).toBeGreaterThanOrEqual(24);
    expect(a).not.toBe(b);
    expect(() => generateSecret(16)).toThrow(RangeError);
  });
});

describe("verify", () => {
  const body = JSON.stringify({ id: "evt_1", event: "invoice.updated", data: { amount: 10 } });

  it("accepts what sign produced, within tolerance", () => {
    const secret = generateSecret();
    const headers = sign({ secrets: [secret], id: "msg_1", timestamp: now(), body });
    expect(verify({ secret, body, headers })).toEqual({ ok: true });
  });

  it("accepts either secret during a rotation", () => {
    const [fresh, old] = [generateSecret(), generateSecret()];
    const headers = sign({ secrets: [fresh, old], id: "msg_1", timestamp: now(), body });
    expect(verify({ secret: fresh, body, headers }).ok).toBe(true);
    expect(verify({ secret: old, body, headers }).ok).toBe(true);
  });

  it("rejects a tampered body, a wrong secret, a stale or future timestamp, missing headers", () => {
    const secret = generateSecret();
    const ts = now();
    const headers = sign({ secrets: [secret], id: "msg_1", timestamp: ts, body });
    expect(verify({ secret, body: body.replace("10", "11"), headers })).toEqual({
      ok: false,
      reason: "no_matching_signature",
    });
    expect(verify({ secret: generateSecret(), body, headers }).ok).toBe(false);
    expect(verify({ secret, body, headers, now: ts + 301 })).toEqual({
      ok: false,
      reason: "timestamp_out_of_tolerance",
    });
    expect(verify({ secret, body, headers, now: ts - 301 })).toEqual({
      ok: false,
      reason: "timestamp_out_of_tolerance",
    });
    expect(verify({ secret, body, headers, now: ts + 299 }).ok).toBe(true);
    expect(verify({ secret, body, headers: { "webhook-id": "msg_1" } })).toEqual({
      ok: false,
      reason: "missing_headers",
    });
    expect(verify({ secret, body, headers: { ...headers, "webhook-timestamp": "12abc" } })).toEqual({
      ok: false,
      reason: "invalid_timestamp",
    });
  });

  it("verifies the reference vector at its own time", () => {
    const headers = {
      "webhook-id": vector.id,
      "webhook-timestamp": String(vector.timestamp),
      "webhook-signature": vector.signature,
    };
    expect(verify({ secret: vector.secret, body: vector.body, headers, now: vector.timestamp }).ok).toBe(true);
  });
});

describe("the official standardwebhooks verifier", () => {
  const body = JSON.stringify({
    id: "evt_9",
    event: "ping",
    created_at: new Date().toISOString(),
    tenant_id: null,
    data: {},
  });

  it("accepts Herald's headers for a generated whsec_ secret", () => {
    const secret = generateSecret();
    const headers = sign({ secrets: [secret], id: "evt_9", timestamp: now(), body });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it("accepts Herald's headers for a user-chosen secret with format raw", () => {
    const secret = "my-chosen-secret-123";
    const headers = sign({ secrets: [secret], id: "evt_9", timestamp: now(), body });
    expect(new Webhook(secret, { format: "raw" }).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  it("accepts a rotation header with the old secret and rejects a tampered body", () => {
    const [fresh, old] = [generateSecret(), generateSecret()];
    const headers = sign({ secrets: [fresh, old], id: "evt_9", timestamp: now(), body });
    expect(() => new Webhook(old).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(old).verify(body + " ", { ...headers })).toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
  });

  it("rejects headers signed more than five minutes ago", () => {
    const secret = generateSecret();
    const headers = sign({ secrets: [secret], id: "evt_9", timestamp: now() - 600, body });
    expect(() => new Webhook(secret).verify(body, { ...headers })).toThrow();
  });
});
