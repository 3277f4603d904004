import { decrypt } from "@herald/crypto";
import request from "supertest";
import { memoryLogger } from "./helpers/memory-logger.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Nothing prints or stores a secret in clear: after requests that carry
// every kind of secret, neither the stored rows nor the logs contain one.
let t: TestApp;
const captured = memoryLogger();
beforeAll(async () => {
  t = await createTestApp("no-secrets", {}, { logger: captured.logger });
});
afterAll(() => t.close());

it("keeps webhook secrets, API keys, the admin key and encryption keys out of rows and logs", async () => {
  const secrets: string[] = [t.adminKey, t.deps.config.encryptionKey];
  const tenant = await request(t.app).post("/api/v1/tenants").set("authorization", t.admin).send({ name: "secretive" });
  const key = await request(t.app)
    .post("/api/v1/api-keys")
    .set("authorization", t.admin)
    .send({ name: "k", tenant_id: tenant.body.id });
  secrets.push(key.body.key);
  const auth = `Bearer ${key.body.key}`;

  const chosen = await request(t.app)
    .post("/api/v1/webhooks")
    .set("authorization", auth)
    .send({ url: "https://127.0.0.1/a", events: ["a.b"], secret: "chosen-secret-value-1" });
  const generated = await request(t.app)
    .post("/api/v1/webhooks")
    .set("authorization", auth)
    .send({ url: "https://127.0.0.1/b", events: ["*"] });
  expect(generated.body.secret).toMatch(/^whsec_/);
  secrets.push("chosen-secret-value-1", generated.body.secret, generated.body.secret.slice("whsec_".length));
  await request(t.app)
    .patch(`/api/v1/webhooks/${chosen.body.id}`)
    .set("authorization", auth)
    .send({ secret: "patched-secret-value-2" })
    .expect(200);
  secrets.push("patched-secret-value-2");
  // Ed25519 private keys (made at create, and again by a rotation) are never shown: read them the way only Herald can.
  const ed = await request(t.app)
    .post("/api/v1/webhooks")
    .set("authorization", auth)
    .send({ url: "https://127.0.0.1/c", events: ["a.b"], signature_scheme: "ed25519" })
    .expect(201);
  await request(t.app).post(`/api/v1/webhooks/${ed.body.id}/rotate-secret`).set("authorization", auth).expect(200);
  const edRow = await t.deps.db.webhook.findUniqueOrThrow({ where: { id: ed.body.id } });
  for (const sealed of [edRow.signingKeyEncrypted!, edRow.previousSigningKeyEncrypted!]) {
    const privateKey = decrypt(sealed, t.deps.config.encryptionKey);
    expect(privateKey).toMatch(/^whsk_/);
    secrets.push(privateKey.slice("whsk_".length));
  }
  // Refused requests log too; their bodies carry secrets.
  await request(t.app)
    .post("/api/v1/webhooks")
    .set("authorization", auth)
    .send({ url: "ftp://x", events: ["a"], secret: "refused-secret-value-3" })
    .expect(422);
  await request(t.app).get("/api/v1/webhooks?secret=query-secret-value-4").set("authorization", auth).expect(400);
  secrets.push("refused-secret-value-3", "query-secret-value-4");
  await request(t.app).get("/api/v1/webhooks").set("authorization", "Bearer hk_wrong-key-value-5").expect(401);
  secrets.push("hk_wrong-key-value-5");

  const newKey = "rotated-encryption-key-value-6";
  await request(t.app)
    .post("/api/v1/maintenance/rotate-encryption-key")
    .set("authorization", t.admin)
    .send({ old_key: t.deps.config.encryptionKey, new_key: newKey })
    .expect(200);
  secrets.push(newKey);

  const dump = JSON.stringify(
    await Promise.all(
      ["webhooks", "api_keys", "audit_logs", "tenants"].map((table) =>
        t.deps.db.$queryRawUnsafe(`SELECT * FROM ${table}`),
      ),
    ),
  );
  const logs = captured.lines.join("\n");
  // The checks can fail: the rows and the logs really hold these requests.
  expect(dump).toContain(chosen.body.id);
  expect(logs).toContain('"path":"/api/v1/webhooks"');
  expect(captured.lines.length).toBeGreaterThanOrEqual(9);
  for (const secret of secrets) {
    expect(dump).not.toContain(secret);
    expect(logs).not.toContain(secret);
  }
});
