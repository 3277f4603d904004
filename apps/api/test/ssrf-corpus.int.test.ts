import request from "supertest";
import { encrypt } from "@herald/crypto";
import { ssrfCorpus } from "@herald/ssrf/testing";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// Create time: with private targets not allowed, every target of the corpus
// (loopback in every spelling, private, link-local, CGNAT, ULA, metadata,
// names resolving to loopback) is refused with 422 naming `url`, and no
// webhook is stored. Delivery time is in packages/fault-suite.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp("ssrf-corpus", { allowPrivateTargets: false, allowHttp: true });
});
afterAll(() => t.close());

const corpus = ssrfCorpus(8080);

it("has at least 30 targets", () => expect(corpus.length).toBeGreaterThanOrEqual(30));

it.each(corpus.map((c) => [c.name, c.url]))("refuses %s (%s) on create and on update", async (_name, url) => {
  const created = await request(t.app)
    .post("/api/v1/webhooks")
    .set("authorization", t.admin)
    .send({ url, events: ["a.b"] });
  expect(created.status).toBe(422);
  expect(created.body.error.details.map((d: { field: string }) => d.field)).toContain("url");
  expect(created.body.error.message).toMatch(/non-public address/);
  expect(await t.deps.db.webhook.count()).toBe(0);
});

it("refuses a corpus target on PATCH too", async () => {
  const row = await t.deps.db.webhook.create({
    data: { url: "https://93.184.216.34/hook", events: ["*"], secretEncrypted: "x" },
  });
  const res = await request(t.app)
    .patch(`/api/v1/webhooks/${row.id}`)
    .set("authorization", t.admin)
    .send({ url: "http://[::ffff:127.0.0.1]:8080/x" });
  expect(res.status).toBe(422);
  expect((await t.deps.db.webhook.findUniqueOrThrow({ where: { id: row.id } })).url).toBe("https://93.184.216.34/hook");
});

it("refuses every corpus target in a test send too (the worker's client, rows written directly)", async () => {
  const notRefused: string[] = [];
  for (const c of corpus) {
    const row = await t.deps.db.webhook.create({
      data: { url: c.url, events: ["*"], secretEncrypted: encrypt("s3cret-value-1", t.deps.config.encryptionKey) },
    });
    const res = await request(t.app).post(`/api/v1/webhooks/${row.id}/test`).set("authorization", t.admin).send({});
    if (
      res.status !== 200 ||
      res.body.success !== false ||
      !/non-public address|ERR_SSRF_BLOCKED/.test(res.body.error ?? "")
    )
      notRefused.push(`${c.name}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  expect(notRefused).toEqual([]);
});
