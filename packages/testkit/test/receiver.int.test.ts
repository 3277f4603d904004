import { eventually, type Receiver, startReceiver } from "../src/index.ts";

// The kit's receiver: what tests read from it must be what arrived.
let receiver: Receiver;
let release: () => void = () => undefined;
const held = new Promise<void>((resolve) => (release = resolve));

beforeAll(async () => {
  receiver = await startReceiver(
    (req) =>
      req.path === "/ledger/held" ? { until: held } : req.path === "/ledger/fail" ? { status: 503 } : undefined,
    { name: "ledger" },
  );
});
afterAll(async () => {
  release();
  await receiver.close();
});

const post = (path: string, id: string, deliveryId: string) =>
  fetch(`${receiver.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "webhook-id": deliveryId },
    body: JSON.stringify({ id }),
  });

it("keeps a ledger by event and by delivery, under its named URL, and answers as told", async () => {
  expect(receiver.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ledger$/);
  expect((await post("", "evt_1", "d1")).status).toBe(200);
  expect((await post("", "evt_1", "d1")).status).toBe(200);
  expect((await post("/fail", "evt_2", "d2")).status).toBe(503);
  await fetch(receiver.url, { method: "POST", body: "not json" });
  expect(Object.fromEntries(receiver.byEvent)).toEqual({ evt_1: 2, evt_2: 1, unparseable: 1 });
  expect(Object.fromEntries(receiver.byDelivery)).toEqual({ d1: 2, d2: 1, undefined: 1 });
  expect(receiver.requests.map((r) => r.path)).toEqual(["/ledger", "/ledger", "/ledger/fail", "/ledger"]);
});

it("holds answers until released, and counts the most held at once per path", async () => {
  let answered = 0;
  const sends = [1, 2, 3].map((n) =>
    post("/held", `evt_h${n}`, `h${n}`).then((res) => {
      answered++;
      return res.status;
    }),
  );
  await eventually(() => receiver.requests.filter((r) => r.path === "/ledger/held").length === 3, {
    what: "three held requests",
  });
  await new Promise((r) => setTimeout(r, 200));
  expect(answered).toBe(0);
  expect(receiver.peakInFlight("/ledger/held")).toBe(3);
  release();
  expect(await Promise.all(sends)).toEqual([200, 200, 200]);
  expect(receiver.peakInFlight("/ledger")).toBe(1);
});
