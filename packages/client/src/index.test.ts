import http, { type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { createHeraldClient } from "./index.ts";

// A real HTTP server on loopback stands in for Herald: what matters here is
// what the client puts on the wire.
let server: http.Server;
let base: string;
const seen: { url?: string; headers: IncomingHttpHeaders; method?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers, method: req.method });
    res.setHeader("content-type", "application/json");
    res.setHeader("x-next-cursor", "abc");
    res.end("[]");
  });
  server.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it("sends the key as a bearer token, with typed paths and query, to the given origin", async () => {
  const client = createHeraldClient({ baseUrl: `${base}/`, apiKey: "hk_test_key" });
  const { data, response } = await client.GET("/api/v1/webhooks/{id}/deliveries", {
    params: { path: { id: "w1" }, query: { status: "failed", limit: 5 } },
  });
  expect(response.status).toBe(200);
  expect(data).toEqual([]);
  expect(response.headers.get("x-next-cursor")).toBe("abc");
  const request = seen.at(-1)!;
  expect(request.url).toBe("/api/v1/webhooks/w1/deliveries?status=failed&limit=5");
  expect(request.headers.authorization).toBe("Bearer hk_test_key");
});

it("sends no Authorization header without a key", async () => {
  const client = createHeraldClient({ baseUrl: base });
  await client.GET("/openapi.json");
  expect(seen.at(-1)!.headers.authorization).toBeUndefined();
});
