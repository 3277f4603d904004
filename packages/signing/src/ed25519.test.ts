import { createPublicKey, sign as nodeSign, verify as nodeVerify } from "node:crypto";
import { Webhook } from "standardwebhooks";
import {
  generateSecret,
  generateSigningKeyPair,
  publicKeyObject,
  publicKeyOf,
  sign,
  signingKeyObject,
  verify,
} from "./index.ts";

const now = () => Math.floor(Date.now() / 1000);
const body = JSON.stringify({
  id: "evt_1",
  event: "invoice.updated",
  created_at: "2026-01-20T14:30:00.000Z",
  tenant_id: null,
  data: { amount: 10 },
});

/** A receiver's check, written against node:crypto alone: the raw key wrapped in SPKI DER (RFC 8410), no Herald code. */
function receiverVerifies({
  publicKey,
  id,
  timestamp,
  body,
  entry,
}: {
  publicKey: string;
  id: string;
  timestamp: string;
  body: string;
  entry: string;
}): boolean {
  const raw = Buffer.from(publicKey.slice("whpk_".length), "base64");
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from("302a300506032b6570032100", "hex"), raw]),
    format: "der",
    type: "spki",
  });
  const [version, signature] = entry.split(",");
  return (
    version === "v1a" &&
    nodeVerify(null, Buffer.from(`${id}.${timestamp}.${body}`), key, Buffer.from(signature!, "base64"))
  );
}

// RFC 8032 section 7.1, TEST 2: seed, public key, and the signature of the one-byte message 0x72.
const rfc = {
  seed: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
  publicKey: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
  signature:
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
};
const rfcPrivate = "whsk_" + Buffer.from(rfc.seed + rfc.publicKey, "hex").toString("base64");

describe("Ed25519 keys", () => {
  it("generates whsk_/whpk_ pairs: base64 of 64 and 32 bytes, the public key derivable from the private one, new each time", () => {
    const a = generateSigningKeyPair();
    const b = generateSigningKeyPair();
    expect(a.publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    expect(a.privateKey).toMatch(/^whsk_[A-Za-z0-9+/]{86}==$/);
    expect(publicKeyOf(a.privateKey)).toBe(a.publicKey);
    expect(a.publicKey).not.toBe(b.publicKey);
    expect(a.privateKey).not.toBe(b.privateKey);
  });

  it("reads whsk_ as libsodium's layout, seed then public key (RFC 8032 test 2)", () => {
    const key = signingKeyObject(rfcPrivate);
    expect(nodeSign(null, Buffer.from([0x72]), key).toString("hex")).toBe(rfc.signature);
    expect(publicKeyOf(rfcPrivate)).toBe("whpk_" + Buffer.from(rfc.publicKey, "hex").toString("base64"));
    expect(
      nodeVerify(
        null,
        Buffer.from([0x72]),
        publicKeyObject(publicKeyOf(rfcPrivate)),
        Buffer.from(rfc.signature, "hex"),
      ),
    ).toBe(true);
  });

  it("refuses malformed keys: wrong prefix, wrong length, not base64, a public half of another seed", () => {
    const { privateKey, publicKey } = generateSigningKeyPair();
    const other = generateSigningKeyPair();
    const raw = Buffer.from(privateKey.slice(5), "base64");
    const mismatched =
      "whsk_" +
      Buffer.concat([raw.subarray(0, 32), Buffer.from(other.publicKey.slice(5), "base64")]).toString("base64");
    for (const bad of [
      publicKey,
      "whsk_",
      "whsk_" + raw.subarray(0, 32).toString("base64"),
      privateKey.replace("whsk_", "whsec_"),
      privateKey.slice(0, -4) + "!!!!",
      privateKey + "AAAA",
      mismatched,
    ]) {
      expect(() => signingKeyObject(bad)).toThrow(TypeError);
    }
    for (const bad of [
      privateKey,
      "whpk_",
      "whpk_" + Buffer.alloc(31).toString("base64"),
      publicKey.replace("whpk_", "pk_"),
      publicKey.slice(0, -2) + "*=",
    ]) {
      expect(() => publicKeyObject(bad)).toThrow(TypeError);
    }
  });
});

describe("v1a signatures", () => {
  it("signs {id}.{timestamp}.{body} as v1a,<base64>, which node:crypto verifies with the whpk_ key; no HMAC header", () => {
    const pair = generateSigningKeyPair();
    const ts = now();
    const headers = sign({ signingKeys: [signingKeyObject(pair.privateKey)], id: "msg_1", timestamp: ts, body });
    expect(headers["webhook-signature"]).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(headers).toEqual({
      "webhook-id": "msg_1",
      "webhook-timestamp": String(ts),
      "webhook-signature": expect.any(String),
    });
    expect(
      receiverVerifies({
        publicKey: pair.publicKey,
        id: "msg_1",
        timestamp: String(ts),
        body,
        entry: headers["webhook-signature"],
      }),
    ).toBe(true);
    expect(verify({ publicKey: pair.publicKey, body, headers })).toEqual({ ok: true });
  });

  it("fails for a tampered body, id or timestamp, and for another key", () => {
    const pair = generateSigningKeyPair();
    const ts = now();
    const headers = sign({ signingKeys: [signingKeyObject(pair.privateKey)], id: "msg_1", timestamp: ts, body });
    const entry = headers["webhook-signature"];
    expect(
      receiverVerifies({
        publicKey: pair.publicKey,
        id: "msg_1",
        timestamp: String(ts),
        body: body.replace("10", "11"),
        entry,
      }),
    ).toBe(false);
    expect(receiverVerifies({ publicKey: pair.publicKey, id: "msg_2", timestamp: String(ts), body, entry })).toBe(
      false,
    );
    expect(receiverVerifies({ publicKey: pair.publicKey, id: "msg_1", timestamp: String(ts + 1), body, entry })).toBe(
      false,
    );
    expect(
      receiverVerifies({
        publicKey: generateSigningKeyPair().publicKey,
        id: "msg_1",
        timestamp: String(ts),
        body,
        entry,
      }),
    ).toBe(false);
    expect(verify({ publicKey: pair.publicKey, body: body + " ", headers })).toEqual({
      ok: false,
      reason: "no_matching_signature",
    });
    expect(verify({ publicKey: generateSigningKeyPair().publicKey, body, headers })).toEqual({
      ok: false,
      reason: "no_matching_signature",
    });
    expect(verify({ publicKey: pair.publicKey, body, headers, now: ts + 301 })).toEqual({
      ok: false,
      reason: "timestamp_out_of_tolerance",
    });
    // A truncated or garbled entry is no match, not an error.
    expect(
      verify({ publicKey: pair.publicKey, body, headers: { ...headers, "webhook-signature": entry.slice(0, 20) } }).ok,
    ).toBe(false);
    expect(
      verify({ publicKey: pair.publicKey, body, headers: { ...headers, "webhook-signature": "v1a,@@@" } }).ok,
    ).toBe(false);
  });

  it("during a rotation lists one v1a signature per key, newest first, each verifiable with its own public key", () => {
    const [fresh, old] = [generateSigningKeyPair(), generateSigningKeyPair()];
    const ts = now();
    const headers = sign({
      signingKeys: [signingKeyObject(fresh.privateKey), signingKeyObject(old.privateKey)],
      id: "msg_1",
      timestamp: ts,
      body,
    });
    const [first, second] = headers["webhook-signature"].split(" ");
    expect(
      receiverVerifies({ publicKey: fresh.publicKey, id: "msg_1", timestamp: String(ts), body, entry: first! }),
    ).toBe(true);
    expect(
      receiverVerifies({ publicKey: old.publicKey, id: "msg_1", timestamp: String(ts), body, entry: second! }),
    ).toBe(true);
    expect(verify({ publicKey: fresh.publicKey, body, headers }).ok).toBe(true);
    expect(verify({ publicKey: old.publicKey, body, headers }).ok).toBe(true);
  });

  it("keeps the schemes apart: a secret never matches v1a entries, a public key never matches v1 entries", () => {
    const pair = generateSigningKeyPair();
    const secret = generateSecret();
    const asymmetric = sign({ signingKeys: [signingKeyObject(pair.privateKey)], id: "msg_1", timestamp: now(), body });
    const symmetric = sign({ secrets: [secret], id: "msg_1", timestamp: now(), body });
    expect(verify({ secret, body, headers: asymmetric }).ok).toBe(false);
    expect(verify({ publicKey: pair.publicKey, body, headers: symmetric }).ok).toBe(false);
  });

  it("is not something the standardwebhooks package (v1 only) accepts", () => {
    // standardwebhooks 1.1.1 skips every entry whose version is not v1: a v1a-only header fails there.
    const pair = generateSigningKeyPair();
    const headers = sign({ signingKeys: [signingKeyObject(pair.privateKey)], id: "msg_1", timestamp: now(), body });
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow(/No matching signature/);
  });

  it("refuses to sign without a key", () => {
    expect(() => sign({ signingKeys: [], id: "x", timestamp: 1, body: "{}" })).toThrow(/signing key/);
  });
});
