import { decrypt } from "@herald/crypto";
import { type Receiver, startReceiver } from "@herald/testkit";
import request from "supertest";
import { createTenantWithKey, createWebhook, type TenantWithKey } from "./helpers/fixtures.ts";
import { createTestApp, type TestApp } from "./helpers/test-app.ts";

// A webhook's custom header values are a receiver's credentials: sealed at
// rest, never answered (names with "***"), kept by a PATCH that does not name
// them, sent in clear to the receiver only; a value or name that could never
// be sent is refused up front.
let t: TestApp;
let acme: TenantWithKey;
let receiver: Receiver;
beforeAll(async () => {
  t = await createTestApp("webhook-headers");
  acme = await createTenantWithKey(t, "acme");
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
  await t.close();
});

const hooks = "/api/v1/webhooks";
const patch = (id: string, body: object) =>
  request(t.app).patch(`${hooks}/${id}`).set("authorization", acme.auth).send(body);

/** The custom headers the receiver got from a test send to the webhook. */
async function sentHeaders(id: string, names: string[]): Promise<Record<string, string | undefined>> {
  const before = receiver.requests.length;
  const res = await request(t.app).post(`${hooks}/${id}/test`).set("authorization", acme.auth).send({});
  expect(res.body).toMatchObject({ success: true, response_code: 200 });
  const got = receiver.requests[before]!;
  return Object.fromEntries(names.map((n) => [n, got.headers[n] as string | undefined]));
}

it("answers names with masked values, stores values sealed, and sends the real values", async () => {
  const created = await createWebhook(t, acme.auth, {
    url: `${receiver.url}/masked`,
    headers: { "X-Api-Key": "receiver-key-0b1e", Authorization: "Bearer receiver-token-77c4" },
  });
  expect(created.headers).toEqual({ "X-Api-Key": "***", Authorization: "***" });
  const read = await request(t.app).get(`${hooks}/${created.id}`).set("authorization", acme.auth).expect(200);
  expect(read.body.headers).toEqual({ "X-Api-Key": "***", Authorization: "***" });
  const list = await request(t.app).get(hooks).set("authorization", acme.auth).expect(200);
  expect(list.body.find((w: { id: string }) => w.id === created.id).headers).toEqual({
    "X-Api-Key": "***",
    Authorization: "***",
  });

  const [row] = await t.deps.db.$queryRaw<
    Array<{ row: string }>
  >`SELECT w::text AS row FROM webhooks w WHERE id = ${created.id}::uuid`;
  expect(row!.row).toContain("X-Api-Key");
  expect(row!.row).not.toContain("receiver-key-0b1e");
  expect(row!.row).not.toContain("receiver-token-77c4");
  const stored = await t.deps.db.webhook.findUniqueOrThrow({ where: { id: created.id } });
  const sealed = stored.sealedHeaders as Record<string, string>;
  expect(decrypt(sealed["X-Api-Key"]!, t.deps.config.encryptionKey)).toBe("receiver-key-0b1e");

  expect(await sentHeaders(created.id, ["x-api-key", "authorization"])).toEqual({
    "x-api-key": "receiver-key-0b1e",
    authorization: "Bearer receiver-token-77c4",
  });
});

it("PATCH merges by name: unnamed headers keep their values, null removes one, headers: null removes all", async () => {
  const hook = await createWebhook(t, acme.auth, {
    url: `${receiver.url}/merge`,
    headers: { "X-Keep": "kept-value-1", "X-Change": "old-value-2", "X-Drop": "dropped-value-3" },
  });
  const merged = await patch(hook.id, { headers: { "x-change": "new-value-4", "X-Drop": null, "X-Add": "added-5" } });
  expect(merged.status).toBe(200);
  expect(merged.body.headers).toEqual({ "X-Keep": "***", "x-change": "***", "X-Add": "***" });
  expect(await sentHeaders(hook.id, ["x-keep", "x-change", "x-drop", "x-add"])).toEqual({
    "x-keep": "kept-value-1",
    "x-change": "new-value-4",
    "x-drop": undefined,
    "x-add": "added-5",
  });
  // A PATCH of other fields leaves the headers alone.
  expect((await patch(hook.id, { description: "still has headers" })).body.headers).toEqual({
    "X-Keep": "***",
    "x-change": "***",
    "X-Add": "***",
  });

  const cleared = await patch(hook.id, { headers: null });
  expect(cleared.status).toBe(200);
  expect(cleared.body.headers).toBeNull();
  expect(await sentHeaders(hook.id, ["x-keep", "x-change", "x-add"])).toEqual({
    "x-keep": undefined,
    "x-change": undefined,
    "x-add": undefined,
  });
});

it("refuses the mask as a value, so an answer sent back cannot overwrite a credential", async () => {
  const hook = await createWebhook(t, acme.auth, { url: `${receiver.url}/mask`, headers: { "X-Api-Key": "real-1" } });
  const res = await patch(hook.id, { headers: { "X-Api-Key": "***" } });
  expect(res.status).toBe(400);
  expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(["headers.X-Api-Key"]);
  expect(await sentHeaders(hook.id, ["x-api-key"])).toEqual({ "x-api-key": "real-1" });
});

it("refuses more than 20 headers after the merge, naming headers", async () => {
  const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`X-H${i}`, `v${i}`]));
  const hook = await createWebhook(t, acme.auth, { url: `${receiver.url}/many`, headers: twenty });
  const res = await patch(hook.id, { headers: { "X-One-More": "v" } });
  expect(res.status).toBe(400);
  expect(res.body.error.details.map((d: { field: string }) => d.field)).toEqual(["headers"]);
  expect(
    Object.keys((await patch(hook.id, { headers: { "X-H0": null, "X-One-More": "v" } })).body.headers),
  ).toHaveLength(20);
});

describe("header values and names that can never be sent", () => {
  const unsendable: Array<[string, Record<string, string>, string]> = [
    ["a control character", { "X-Ctl": "a\u0001b" }, "headers.X-Ctl"],
    ["DEL", { "X-Del": "a\u007fb" }, "headers.X-Del"],
    ["a line break", { "X-Nl": "a\nb" }, "headers.X-Nl"],
    ["a non-Latin-1 character", { "X-Uni": "caf\u00e9 \u20ac" }, "headers.X-Uni"],
    ["an emoji", { "X-Emoji": "ok \ud83d\ude00" }, "headers.X-Emoji"],
    ["Trailer", { Trailer: "X-Checksum" }, "headers.Trailer"],
    ["Transfer-Encoding", { "Transfer-Encoding": "chunked" }, "headers.Transfer-Encoding"],
    ["Content-Length", { "Content-Length": "5" }, "headers.Content-Length"],
    ["Host", { Host: "evil.example" }, "headers.Host"],
    ["Connection", { Connection: "close" }, "headers.Connection"],
    ["TE", { TE: "trailers" }, "headers.TE"],
    ["Upgrade", { Upgrade: "websocket" }, "headers.Upgrade"],
    ["Keep-Alive", { "Keep-Alive": "timeout=5" }, "headers.Keep-Alive"],
    ["Expect", { Expect: "100-continue" }, "headers.Expect"],
    ["Content-Encoding", { "Content-Encoding": "gzip" }, "headers.Content-Encoding"],
    ["a name with a space", { "X Bad": "v" }, "headers.X Bad"],
  ];

  it.each(unsendable)("refuses %s at create and PATCH with a 400 naming the header", async (_, headers, field) => {
    const created = await request(t.app)
      .post(hooks)
      .set("authorization", acme.auth)
      .send({ url: `${receiver.url}/refused`, events: ["a.b"], headers });
    expect(created.status).toBe(400);
    expect(created.body.error.details.map((d: { field: string }) => d.field)).toContain(field);

    const hook = await createWebhook(t, acme.auth, { url: `${receiver.url}/refused`, headers: { "X-Fine": "fine-1" } });
    const patched = await patch(hook.id, { headers });
    expect(patched.status).toBe(400);
    expect(patched.body.error.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await sentHeaders(hook.id, ["x-fine"])).toEqual({ "x-fine": "fine-1" });
  });

  it("says why a name is refused", async () => {
    const res = await request(t.app)
      .post(hooks)
      .set("authorization", acme.auth)
      .send({ url: `${receiver.url}/refused`, events: ["a.b"], headers: { Trailer: "X-Checksum", "X(1)": "v" } });
    expect(res.body.error.details.map((d: { message: string }) => d.message)).toEqual([
      "headers.Trailer: is set by Herald or by the HTTP request itself and cannot be configured",
      "headers.X(1): must be a valid header name (letters, digits and !#$%&'*+.^_`|~-)",
    ]);
  });

  it("accepts a valid header with a tab and punctuation, and delivers it (positive control)", async () => {
    const res = await request(t.app)
      .post(hooks)
      .set("authorization", acme.auth)
      .send({ url: `${receiver.url}/valid`, events: ["a.b"], headers: { "X-Token": 'tok\ten; q="1"/91' } });
    expect(res.status).toBe(201);
    expect(await sentHeaders(res.body.id, ["x-token"])).toEqual({ "x-token": 'tok\ten; q="1"/91' });
  });
});

it("rotating the encryption key re-seals header values, which still reach the receiver", async () => {
  const rotating = await createTestApp("rotate-headers");
  try {
    const oldKey = rotating.deps.config.encryptionKey;
    const hook = await createWebhook(rotating, rotating.admin, {
      url: `${receiver.url}/rotated`,
      headers: { "X-Rotated": "rotated-value-3c1", "X-Other": "other-value-9d2" },
    });
    const newKey = "a-new-key-for-the-header-values";
    const res = await request(rotating.app)
      .post("/api/v1/maintenance/rotate-encryption-key")
      .set("authorization", rotating.admin)
      .send({ old_key: oldKey, new_key: newKey })
      .expect(200);
    expect(res.body).toMatchObject({ webhooks_rotated: 1, secrets_rotated: 3 });
    const row = await rotating.deps.db.webhook.findUniqueOrThrow({ where: { id: hook.id } });
    const sealed = row.sealedHeaders as Record<string, string>;
    expect(decrypt(sealed["X-Rotated"]!, newKey)).toBe("rotated-value-3c1");
    expect(() => decrypt(sealed["X-Other"]!, oldKey)).toThrow("sealed with a different key");

    const before = receiver.requests.length;
    const sent = await request(rotating.app)
      .post(`${hooks}/${hook.id}/test`)
      .set("authorization", rotating.admin)
      .send({});
    expect(sent.body).toMatchObject({ success: true, response_code: 200 });
    expect(receiver.requests[before]!.headers["x-rotated"]).toBe("rotated-value-3c1");
  } finally {
    await rotating.close();
  }
});
