import pg from "pg";
import { prepareRun, type RunFixture, type Stack, startStack } from "../src/index.ts";

// The API SIGKILLed while group-committed batches are being written: a
// closed loop of many concurrent publishers keeps every batch full. A 202 is
// sent only after the request's own batch committed, so every event answered
// 202 must be in Postgres with exactly the deliveries its answer counted;
// requests cut off by the kill may or may not have been stored, never half.
let stack: Stack;
let run: RunFixture;

beforeAll(async () => {
  stack = await startStack();
  await stack.startApi();
  run = await prepareRun(stack, { delayMs: 0 });
});
afterAll(async () => {
  await run?.close();
  await stack?.destroy();
});

interface Answer {
  eventId: string;
  status: number | "cut";
  deliveries?: number;
}

async function publishUntilKilled({
  concurrency,
  killAfterMs,
}: {
  concurrency: number;
  killAfterMs: number;
}): Promise<Answer[]> {
  const answers: Answer[] = [];
  let n = 0;
  let dead = false;
  const lane = async () => {
    while (!dead) {
      const eventId = `kb-${n++}`;
      try {
        const res = await fetch(`${stack.apiUrl}/api/v1/events`, {
          method: "POST",
          headers: { authorization: run.tenantAuth, "content-type": "application/json" },
          body: JSON.stringify({ id: eventId, type: "fault.batch", data: { n } }),
          signal: AbortSignal.timeout(10_000),
        });
        const body = (await res.json()) as { deliveries?: number };
        answers.push({ eventId, status: res.status, deliveries: body.deliveries });
      } catch {
        answers.push({ eventId, status: "cut" });
      }
    }
  };
  const lanes = Array.from({ length: concurrency }, lane);
  await new Promise((r) => setTimeout(r, killAfterMs));
  const api = stack.processes.filter((p) => p.role === "api").pop()!;
  api.child.kill("SIGKILL");
  await api.exited;
  dead = true;
  await Promise.all(lanes);
  return answers;
}

it("every publish answered 202 before a SIGKILL mid-batch has its event and all its deliveries", async () => {
  const answers = await publishUntilKilled({ concurrency: 96, killAfterMs: 2_500 });
  const accepted = answers.filter((a) => a.status === 202);
  // Nothing but 202 was answered, and the kill really cut requests in flight.
  expect(answers.filter((a) => a.status !== 202 && a.status !== "cut")).toEqual([]);
  expect(accepted.length).toBeGreaterThan(200);
  expect(answers.filter((a) => a.status === "cut").length).toBeGreaterThan(0);
  // Both subscribed endpoints (fault.* and *), never the bystander.
  expect(new Set(accepted.map((a) => a.deliveries))).toEqual(new Set([2]));

  const client = new pg.Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string; deliveries: number }>(
      // The id a client gives is the event's client_id (ids are per tenant); deliveries reference Herald's own id.
      "SELECT e.client_id AS id, count(d.id)::int AS deliveries FROM events e LEFT JOIN deliveries d ON d.event_id = e.id " +
        "WHERE e.client_id LIKE 'kb-%' GROUP BY e.client_id",
    );
    const stored = new Map(rows.map((r) => [r.id, r.deliveries]));
    const missing = accepted.filter((a) => stored.get(a.eventId) !== a.deliveries);
    expect(missing).toEqual([]);
    // A stored event is never half-written: each has both deliveries, answered or not.
    expect(rows.filter((r) => r.deliveries !== 2)).toEqual([]);
    console.log(
      `API SIGKILL mid-batch: ${answers.length} publishes, ${accepted.length} answered 202 (all stored with 2 deliveries), ` +
        `${rows.length - accepted.length} stored but cut off before the answer`,
    );
  } finally {
    await client.end();
  }
});
