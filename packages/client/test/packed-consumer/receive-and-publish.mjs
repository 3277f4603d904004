// A customer's program, run by packed-tarballs.int.test.ts with plain `node` in
// a scratch project outside the repository, where @herald/client and
// @herald/signing are installed from their npm pack tarballs. It creates a
// webhook for its own loopback receiver, publishes one event, verifies the
// delivery with @herald/signing and exits 0; anything else exits non-zero.
import http from "node:http";
import { fileURLToPath } from "node:url";
import { createHeraldClient } from "@herald/client";
import { generateSecret, verify } from "@herald/signing";

const fail = (message) => {
  console.log(`failed: ${message}`);
  process.exit(1);
};
setTimeout(() => fail("no verified delivery within 30 s"), 30_000).unref();

for (const name of ["@herald/client", "@herald/signing"]) {
  console.log(`${name} from ${fileURLToPath(import.meta.resolve(name))}`);
}

const herald = createHeraldClient({ baseUrl: process.env.HERALD_URL, apiKey: process.env.HERALD_API_KEY });
let secret;

const receiver = http.createServer(async (req, res) => {
  let body = "";
  for await (const chunk of req) body += chunk;
  const wrong = verify({ secret: generateSecret(), body, headers: req.headers });
  console.log(`with another secret: ${wrong.ok ? "verified" : wrong.reason}`);
  const result = verify({ secret, body, headers: req.headers });
  if (!result.ok) {
    res.writeHead(401).end();
    fail(`the delivery did not verify: ${result.reason}`);
  }
  res.writeHead(200).end("ok");
  const event = JSON.parse(body);
  console.log(`verified: ${event.event} ${JSON.stringify(event.data)}`);
  receiver.close();
  process.exit(0);
});
await new Promise((resolve) => receiver.listen(0, "127.0.0.1", resolve));

const created = await herald.POST("/api/v1/webhooks", {
  body: { url: `http://127.0.0.1:${receiver.address().port}/hooks`, events: ["order.paid"] },
});
if (created.error) fail(`creating the webhook: ${created.response.status} ${JSON.stringify(created.error)}`);
secret = created.data.secret;
console.log(`webhook created: ${created.response.status}`);

const published = await herald.POST("/api/v1/events", { body: { type: "order.paid", data: { order: "ord_42" } } });
if (published.error) fail(`publishing: ${published.response.status} ${JSON.stringify(published.error)}`);
console.log(`published: ${published.response.status}, deliveries ${published.data.deliveries}`);
