import { BUILT_IN_EVENT_TYPES } from "./operational-event-catalog.ts";
import { operationalData, operationalRecord, shownUrl, type OperationalEvent } from "./operational-events.ts";

const endpoint = {
  id: "0195f1c2-0000-7000-8000-000000000001",
  tenantId: "0195f1c2-0000-7000-8000-0000000000aa",
  url: "https://user:pw@hooks.example.com/in/abc?token=secret#frag",
  description: "billing",
};
const at = new Date("2026-11-23T10:00:00.000Z");
const samples: OperationalEvent[] = [
  { type: "herald.endpoint.disabled", endpoint, at, trigger: "automatic", reason: "the endpoint answered 410 Gone" },
  { type: "herald.endpoint.enabled", endpoint, at },
  { type: "herald.circuit.opened", endpoint, at, failures: 10, nextProbeAt: new Date(at.getTime() + 30_000) },
  { type: "herald.circuit.closed", endpoint, at },
  {
    type: "herald.delivery.exhausted",
    endpoint,
    at,
    delivery: {
      id: "0195f1c2-0000-7000-8000-0000000000d1",
      eventId: "evt_1",
      eventType: "invoice.paid",
      attempts: 8,
      lastStatusCode: 503,
      lastError: "HTTP 503",
    },
  },
];

/** The catalogue's JSON Schema, checked by hand for the two things it promises: required keys present, no undocumented keys. */
function conforms(schema: Record<string, unknown>, data: Record<string, unknown>): string[] {
  const properties = Object.keys(schema.properties as object);
  const problems = (schema.required as string[]).filter((k) => !(k in data)).map((k) => `missing ${k}`);
  return [
    ...problems,
    ...Object.keys(data)
      .filter((k) => !properties.includes(k))
      .map((k) => `undocumented ${k}`),
  ];
}

describe("operational events", () => {
  it("every type has a catalogue entry whose schema matches the data Herald sends", () => {
    expect(BUILT_IN_EVENT_TYPES.map((t) => t.name).sort()).toEqual(samples.map((s) => s.type).sort());
    for (const sample of samples) {
      const entry = BUILT_IN_EVENT_TYPES.find((t) => t.name === sample.type)!;
      expect([sample.type, conforms(entry.schema, operationalData(sample))]).toEqual([sample.type, []]);
    }
  });

  it("never shows credentials, query or fragment of the endpoint's URL", () => {
    expect(shownUrl(endpoint.url)).toBe("https://hooks.example.com/in/abc");
    for (const sample of samples) expect(operationalRecord(sample).data).not.toMatch(/secret|pw@|frag/);
  });

  it("is stored for the endpoint's tenant, selected by herald patterns only, and never for the endpoint itself", () => {
    const record = operationalRecord(samples[0]!);
    expect(record).toMatchObject({
      tenantId: endpoint.tenantId,
      type: "herald.endpoint.disabled",
      idempotencyKey: null,
      excludeWebhookId: endpoint.id,
      onlyIfSubscribed: true,
    });
    expect(record.patterns).toEqual(["herald.*", "herald.endpoint.*", "herald.endpoint.disabled"]);
  });
});
