import { decrypt } from "@herald/crypto";
import { dumpDatabase, dumpRedis, findSecrets } from "@herald/testkit";
import request from "supertest";
import { memoryLogger } from "./helpers/memory-logger.ts";
import { createTestApp, TEST_REDIS_URL as redisUrl, type TestApp } from "./helpers/test-app.ts";

// Nothing prints, stores or answers a secret in clear: after requests that
// carry every kind of secret (custom header values included), neither the
// database, Redis, the logs nor the API's answers to a tenant key or a portal
// link contain one.
let t: TestApp;
const captured = memoryLogger();
beforeAll(async () => {
  t = await createTestApp("no-secrets", {}, { logger: captured.logger });
});
afterAll(() => t.close());

it("keeps webhook secrets, header values, API keys, the admin key and encryption keys out of rows, Redis, logs and answers", async () => {
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
    .send({
      url: "https://127.0.0.1/a",
      events: ["a.b"],
      secret: "chosen-secret-value-1",
      headers: { Authorization: "Bearer header-secret-value-7", "X-Api-Key": "header-secret-value-8" },
    });
  const generated = await request(t.app)
    .post("/api/v1/webhooks")
    .set("authorization", auth)
    .send({ url: "https://127.0.0.1/b", events: ["*"] });
  expect(generated.body.secret).toMatch(/^whsec_/);
  secrets.push("chosen-secret-value-1", generated.body.secret, generated.body.secret.slice("whsec_".length));
  const patched = await request(t.app)
    .patch(`/api/v1/webhooks/${chosen.body.id}`)
    .set("authorization", auth)
    .send({ secret: "patched-secret-value-2", headers: { "X-Api-Key": "patched-header-value-9" } })
    .expect(200);
  secrets.push("patched-secret-value-2", "header-secret-value-7", "header-secret-value-8", "patched-header-value-9");
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
    .send({
      url: "ftp://x",
      events: ["a"],
      secret: "refused-secret-value-3",
      headers: { "X-K": "refused-header-value-10" },
    })
    .expect(422);
  await request(t.app)
    .patch(`/api/v1/webhooks/${chosen.body.id}`)
    .set("authorization", auth)
    .send({ headers: { "X-Api-Key": "refused-header-value-11\u0001" } })
    .expect(400);
  secrets.push("refused-header-value-10", "refused-header-value-11");
  await request(t.app).get("/api/v1/webhooks?secret=query-secret-value-4").set("authorization", auth).expect(400);
  secrets.push("refused-secret-value-3", "query-secret-value-4");
  await request(t.app).get("/api/v1/webhooks").set("authorization", "Bearer hk_wrong-key-value-5").expect(401);
  secrets.push("hk_wrong-key-value-5");

  // A test send and a publish put the webhook through the paths that read its headers and touch Redis.
  await request(t.app).post(`/api/v1/webhooks/${chosen.body.id}/test`).set("authorization", auth).send({}).expect(200);
  await request(t.app).post("/api/v1/events").set("authorization", auth).send({ type: "a.b", data: {} }).expect(202);

  const portal = await request(t.app)
    .post(`/api/v1/tenants/${tenant.body.id}/portal-sessions`)
    .set("authorization", t.admin)
    .send({})
    .expect(201);
  const portalAuth = `Bearer ${decodeURIComponent(new URL(portal.body.url).hash.slice("#token=".length))}`;
  // A create or PATCH answer echoes the signing secret it was given, by design; their headers and every read show none.
  const answers: string[] = [JSON.stringify([chosen.body.headers, patched.body.headers])];
  for (const caller of [auth, portalAuth])
    for (const path of ["/api/v1/webhooks", `/api/v1/webhooks/${chosen.body.id}`]) {
      const res = await request(t.app).get(path).set("authorization", caller).expect(200);
      answers.push(JSON.stringify(res.body));
    }

  // After the portal link's requests: this process's portal check keeps the key it started with until a restart.
  const newKey = "rotated-encryption-key-value-6";
  await request(t.app)
    .post("/api/v1/maintenance/rotate-encryption-key")
    .set("authorization", t.admin)
    .send({ old_key: t.deps.config.encryptionKey, new_key: newKey })
    .expect(200);
  secrets.push(newKey);

  const places = {
    database: await dumpDatabase(t.database.url),
    redis: await dumpRedis(redisUrl, `${t.deps.config.queuePrefix}:*`),
    logs: captured.lines.join("\n"),
    answers: answers.join("\n"),
  };
  // The checks can fail: each place really holds these requests.
  expect(places.database).toContain(chosen.body.id);
  expect(places.database).toContain("X-Api-Key");
  expect(places.redis).toContain(t.deps.config.queuePrefix);
  expect(places.logs).toContain('"path":"/api/v1/webhooks"');
  expect(captured.lines.length).toBeGreaterThanOrEqual(9);
  expect(places.answers).toContain('"X-Api-Key":"***"');
  expect(findSecrets(secrets, places)).toEqual([]);
});
