import { decrypt } from "@herald/crypto";
import { publicKeyOf } from "@herald/signing";
import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// signature_scheme through the management API: what is stored, shown,
// rotated and audited. Delivery and verification: ed25519-delivery.e2e.
let t: TestApp;
let acme: TenantWithKey;
beforeAll(async () => {
  t = await createTestApp("ed25519-webhooks");
  acme = await createTenantWithKey(t, "acme");
});
afterAll(() => t.close());

const api = (path: string) => `/api/v1/webhooks${path}`;
const row = (id: string) => t.deps.db.webhook.findUniqueOrThrow({ where: { id } });
/** The whsk_ private key sealed on the row, opened with the app's key. */
const privateKeyOf = async (id: string) => decrypt((await row(id)).signingKeyEncrypted!, t.deps.config.encryptionKey);

describe("signature_scheme", () => {
  it("defaults to hmac-sha256 with no public key", async () => {
    const body = await createWebhook(t, acme.auth, {});
    expect(body).toMatchObject({
      signature_scheme: "hmac-sha256",
      public_key: null,
      secret: expect.stringMatching(/^whsec_/),
    });
    expect(await row(body.id)).toMatchObject({
      signatureScheme: "hmac-sha256",
      signingKeyEncrypted: null,
      publicKey: null,
    });
  });

  it("ed25519 at create: Herald makes the key pair, seals the private key, shows the whpk_ public key on every read", async () => {
    const created = await createWebhook(t, acme.auth, { signature_scheme: "ed25519" });
    expect(created.signature_scheme).toBe("ed25519");
    expect(created.public_key).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    // The HMAC secret exists too, for a later switch back.
    expect(created.secret).toMatch(/^whsec_/);
    const stored = await row(created.id);
    expect(stored.signingKeyEncrypted).not.toContain("whsk_");
    const privateKey = await privateKeyOf(created.id);
    expect(publicKeyOf(privateKey)).toBe(created.public_key);

    const got = await request(t.app)
      .get(api(`/${created.id}`))
      .set("authorization", acme.auth)
      .expect(200);
    expect(got.body).toMatchObject({ signature_scheme: "ed25519", public_key: created.public_key });
    expect(got.body).not.toHaveProperty("secret");
    const listed = await request(t.app).get(api("")).set("authorization", acme.auth).expect(200);
    expect(listed.body.find((w: { id: string }) => w.id === created.id).public_key).toBe(created.public_key);
    // Nothing the API answers or audits carries the private key.
    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { resourceId: created.id, action: "webhook.created" },
    });
    expect(audit.changes).toMatchObject({ signature_scheme: "ed25519", public_key: created.public_key });
    for (const text of [
      JSON.stringify(created),
      JSON.stringify(got.body),
      JSON.stringify(listed.body),
      JSON.stringify(audit),
    ]) {
      expect(text).not.toContain(privateKey.slice(5, 40));
      expect(text).not.toContain(stored.signingKeyEncrypted);
    }
  });

  it("PATCH switches either way; switching back to ed25519 keeps the key pair the receivers already hold", async () => {
    const hook = await createWebhook(t, acme.auth, {});
    const toEd = await request(t.app)
      .patch(api(`/${hook.id}`))
      .set("authorization", acme.auth)
      .send({ signature_scheme: "ed25519" })
      .expect(200);
    expect(toEd.body.public_key).toMatch(/^whpk_/);
    const key = await privateKeyOf(hook.id);

    const toHmac = await request(t.app)
      .patch(api(`/${hook.id}`))
      .set("authorization", acme.auth)
      .send({ signature_scheme: "hmac-sha256" })
      .expect(200);
    expect(toHmac.body).toMatchObject({ signature_scheme: "hmac-sha256", public_key: null });
    const back = await request(t.app)
      .patch(api(`/${hook.id}`))
      .set("authorization", acme.auth)
      .send({ signature_scheme: "ed25519" })
      .expect(200);
    expect(back.body.public_key).toBe(toEd.body.public_key);
    expect(await privateKeyOf(hook.id)).toBe(key);

    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { resourceId: hook.id, action: "webhook.updated" },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.changes).toEqual({
      signature_scheme: { from: "hmac-sha256", to: "ed25519" },
      public_key: { from: null, to: toEd.body.public_key },
    });
  });

  it.each([
    [{ signature_scheme: "ED25519" }],
    [{ signature_scheme: "hmac" }],
    [{ signature_scheme: "" }],
    [{ signature_scheme: null }],
    [{ signature_scheme: 25519 }],
    [{ signature_scheme: ["ed25519"] }],
  ])("refuses %j naming signature_scheme", async (extra) => {
    const created = await request(t.app)
      .post(api(""))
      .set("authorization", acme.auth)
      .send({ url: "https://127.0.0.1:9/x", events: ["a.b"], ...extra });
    expect(created.status).toBe(400);
    expect(created.body.error.details.map((d: { field?: string }) => d.field)).toContain("signature_scheme");
    const hook = await createWebhook(t, acme.auth, {});
    const patched = await request(t.app)
      .patch(api(`/${hook.id}`))
      .set("authorization", acme.auth)
      .send(extra);
    expect(patched.status).toBe(400);
    expect(patched.body.error.details.map((d: { field?: string }) => d.field)).toContain("signature_scheme");
  });

  it("refuses a caller's own key: public_key and private_key are not input fields", async () => {
    for (const extra of [
      { public_key: "whpk_" + Buffer.alloc(32, 1).toString("base64") },
      { private_key: "whsk_" + Buffer.alloc(64, 1).toString("base64") },
    ]) {
      const res = await request(t.app)
        .post(api(""))
        .set("authorization", acme.auth)
        .send({ url: "https://127.0.0.1:9/x", events: ["a.b"], signature_scheme: "ed25519", ...extra });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].code).toBe("unrecognized_keys");
    }
  });
});

describe("POST /webhooks/:id/rotate-secret on an ed25519 webhook", () => {
  it("makes a new key pair, keeps the old private key signing for the overlap, answers the new public key and no secret", async () => {
    const hook = await createWebhook(t, acme.auth, { signature_scheme: "ed25519" });
    const before = await row(hook.id);
    const oldKey = await privateKeyOf(hook.id);
    const res = await request(t.app)
      .post(api(`/${hook.id}/rotate-secret`))
      .set("authorization", acme.auth)
      .expect(200);
    expect(res.body).not.toHaveProperty("secret");
    expect(res.body.public_key).toMatch(/^whpk_/);
    expect(res.body.public_key).not.toBe(hook.public_key);
    expect(Date.parse(res.body.previous_secret_expires_at) - Date.now()).toBeGreaterThan(23 * 3600_000);

    const after = await row(hook.id);
    expect(publicKeyOf(await privateKeyOf(hook.id))).toBe(res.body.public_key);
    expect(decrypt(after.previousSigningKeyEncrypted!, t.deps.config.encryptionKey)).toBe(oldKey);
    expect(after.previousSigningKeyExpiresAt?.toISOString()).toBe(res.body.previous_secret_expires_at);
    // The HMAC secret is untouched.
    expect(after.secretEncrypted).toBe(before.secretEncrypted);

    const audit = await t.deps.db.auditLog.findFirstOrThrow({
      where: { action: "webhook.secret_rotated", resourceId: hook.id },
    });
    expect(audit.changes).toMatchObject({
      signature_scheme: "ed25519",
      public_key: { from: hook.public_key, to: res.body.public_key },
    });
    expect(JSON.stringify(audit)).not.toContain(after.signingKeyEncrypted);
    expect(JSON.stringify(audit)).not.toContain(oldKey.slice(5, 40));
  });

  it("refuses a chosen secret naming the field, and is scoped to the owner", async () => {
    const hook = await createWebhook(t, acme.auth, { signature_scheme: "ed25519" });
    const chosen = await request(t.app)
      .post(api(`/${hook.id}/rotate-secret`))
      .set("authorization", acme.auth)
      .send({ secret: "my-new-secret-42" });
    expect(chosen.status).toBe(422);
    expect(chosen.body.error.details[0].field).toBe("secret");
    expect((await row(hook.id)).publicKey).toBe(hook.public_key);
    const other = await createTenantWithKey(t, "other");
    await request(t.app)
      .post(api(`/${hook.id}/rotate-secret`))
      .set("authorization", other.auth)
      .expect(404);
    expect((await row(hook.id)).publicKey).toBe(hook.public_key);
  });

  it("rotates the HMAC secret, not a kept key pair, once the webhook is back on hmac-sha256", async () => {
    const hook = await createWebhook(t, acme.auth, { signature_scheme: "ed25519" });
    await request(t.app)
      .patch(api(`/${hook.id}`))
      .set("authorization", acme.auth)
      .send({ signature_scheme: "hmac-sha256" })
      .expect(200);
    const res = await request(t.app)
      .post(api(`/${hook.id}/rotate-secret`))
      .set("authorization", acme.auth)
      .expect(200);
    expect(res.body).toMatchObject({
      signature_scheme: "hmac-sha256",
      public_key: null,
      secret: expect.stringMatching(/^whsec_/),
    });
    expect(await row(hook.id)).toMatchObject({ publicKey: hook.public_key, previousSigningKeyEncrypted: null });
  });
});

describe("POST /maintenance/rotate-encryption-key", () => {
  it("re-seals ed25519 private keys, current and previous, with the secrets", async () => {
    const rotating = await createTestApp("ed25519-rotate-key");
    try {
      const oldKey = rotating.deps.config.encryptionKey;
      const hook = await createWebhook(rotating, rotating.admin, { signature_scheme: "ed25519" });
      await request(rotating.app)
        .post(api(`/${hook.id}/rotate-secret`))
        .set("authorization", rotating.admin)
        .expect(200);
      const before = await rotating.deps.db.webhook.findUniqueOrThrow({ where: { id: hook.id } });
      const [current, previous] = [
        decrypt(before.signingKeyEncrypted!, oldKey),
        decrypt(before.previousSigningKeyEncrypted!, oldKey),
      ];

      const newKey = "a-new-key-that-is-long-enough";
      const ok = await request(rotating.app)
        .post("/api/v1/maintenance/rotate-encryption-key")
        .set("authorization", rotating.admin)
        .send({ old_key: oldKey, new_key: newKey })
        .expect(200);
      // The secret, the current and the previous private key.
      expect(ok.body).toMatchObject({ webhooks_rotated: 1, secrets_rotated: 3 });
      const after = await rotating.deps.db.webhook.findUniqueOrThrow({ where: { id: hook.id } });
      expect(decrypt(after.signingKeyEncrypted!, newKey)).toBe(current);
      expect(decrypt(after.previousSigningKeyEncrypted!, newKey)).toBe(previous);
      expect(() => decrypt(after.signingKeyEncrypted!, oldKey)).toThrow();
      expect(after.publicKey).toBe(before.publicKey);
    } finally {
      await rotating.close();
    }
  });
});

describe("/openapi.json", () => {
  it("documents signature_scheme on create and PATCH, public_key on every webhook answer, and the rotation's answer without a secret", async () => {
    const doc = (await request(t.app).get("/openapi.json").expect(200)).body;
    const bodyOf = (path: string, method: string) =>
      doc.paths[path][method].requestBody.content["application/json"].schema;
    const answerOf = (path: string, method: string, status: string) =>
      doc.paths[path][method].responses[status].content["application/json"].schema;
    for (const [path, method] of [
      ["/api/v1/webhooks", "post"],
      ["/api/v1/webhooks/{id}", "patch"],
    ] as const) {
      expect(bodyOf(path, method).properties.signature_scheme).toMatchObject({
        enum: ["hmac-sha256", "ed25519"],
        description: expect.stringContaining("v1a"),
      });
      expect(bodyOf(path, method).properties).not.toHaveProperty("public_key");
    }
    for (const answer of [
      answerOf("/api/v1/webhooks", "post", "201"),
      answerOf("/api/v1/webhooks/{id}", "get", "200"),
      answerOf("/api/v1/webhooks/{id}/rotate-secret", "post", "200"),
    ]) {
      expect(answer.properties.public_key).toMatchObject({ description: expect.stringContaining("whpk_") });
      expect(answer.properties.signature_scheme).toMatchObject({ enum: ["hmac-sha256", "ed25519"] });
      expect(answer.required).toEqual(expect.arrayContaining(["signature_scheme", "public_key"]));
    }
    expect(answerOf("/api/v1/webhooks/{id}/rotate-secret", "post", "200").required).not.toContain("secret");
  });
});
