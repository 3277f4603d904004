import type { LookupAddress } from "node:dns";
import { checkTargetUrl, type Resolver } from "@herald/ssrf";
import { createWebhookClient, type SendInput } from "../src/index.ts";
import { type Receiver, startReceiver } from "@herald/testkit";

// DNS rebinding: a name answers a public address when it is checked, then
// loopback when the sender connects. The sender's guard judges the address
// it actually connects to, so the second answer is refused at connect time.
let receiver: Receiver;
beforeEach(async () => {
  receiver = await startReceiver();
});
afterEach(() => receiver.close());

/** A resolver that answers `first` once, then `then` for ever; counts its calls. */
function rebinding(first: string, then: string) {
  const calls: string[] = [];
  const resolve: Resolver = (hostname, _options, callback) => {
    const address = calls.length === 0 ? first : then;
    calls.push(hostname);
    const answer: LookupAddress[] = [{ address, family: address.includes(":") ? 6 : 4 }];
    setImmediate(() => callback(null, answer));
  };
  return { resolve, calls };
}

const input = (url: string): SendInput => ({
  url,
  body: "{}",
  messageId: "msg_1",
  eventType: "a.b",
  attempt: 1,
  secrets: ["s3cret-value-1"],
});

it("refuses a name whose second resolution turns to loopback, and sends nothing", async () => {
  const dns = rebinding("93.184.216.34", "127.0.0.1");
  const url = `http://rebind.test:${new URL(receiver.url).port}/hook`;
  // The API's check at webhook create sees the first answer, public, and lets the URL in.
  expect(
    await checkTargetUrl(url, { allowHttp: true, allowPrivateTargets: false, resolve: dns.resolve }),
  ).toMatchObject({ ok: true });
  const client = createWebhookClient({
    allowHttp: true,
    allowPrivateTargets: false,
    timeoutMs: 2000,
    resolve: dns.resolve,
  });
  const result = await client.send(input(url));
  client.close();
  expect(dns.calls).toEqual(["rebind.test", "rebind.test"]);
  expect(result).toMatchObject({ ok: false, statusCode: null });
  expect(result.error).toMatch(/ERR_SSRF_BLOCKED: rebind\.test resolves to 127\.0\.0\.1 \(loopback\)/);
  expect(receiver.requests).toHaveLength(0);
});

it("refuses when any one of several answers is private", async () => {
  const resolve: Resolver = (_hostname, _options, callback) =>
    callback(null, [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ]);
  const client = createWebhookClient({ allowHttp: true, allowPrivateTargets: false, timeoutMs: 2000, resolve });
  const result = await client.send(input(`http://mixed.test:${new URL(receiver.url).port}/hook`));
  client.close();
  expect(result.error).toMatch(/ERR_SSRF_BLOCKED: .*10\.0\.0\.7 \(private\)/);
  expect(receiver.requests).toHaveLength(0);
});

it("control: with private targets allowed the same kind of URL reaches the receiver, so a refusal above is the guard's", async () => {
  const client = createWebhookClient({ allowHttp: true, allowPrivateTargets: true, timeoutMs: 2000 });
  const result = await client.send(input(`http://localhost:${new URL(receiver.url).port}/hook`));
  client.close();
  expect(result).toMatchObject({ ok: true, statusCode: 200 });
  expect(receiver.requests).toHaveLength(1);
});
