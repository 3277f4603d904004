import { digestMail, type Incident, incidentMail } from "./notification-mail.ts";

const deadLetter: Incident = {
  kind: "dead_letter",
  webhookId: "w1",
  url: "https://x.test/hook",
  deliveryId: "d1",
  eventType: "invoice.paid",
  attempts: 6,
  error: "HTTP 500",
  at: "2026-01-01T00:00:00.000Z",
};
const disabled: Incident = {
  kind: "disabled",
  webhookId: "w1",
  url: "https://x.test/hook",
  reason: "the endpoint answered 410 Gone",
  at: "2026-01-01T00:00:01.000Z",
};

describe("notification mails", () => {
  it("names the incident and what to do about it", () => {
    expect(incidentMail(deadLetter)).toEqual({
      subject: "[Herald] Delivery failed: invoice.paid to https://x.test/hook",
      text: expect.stringContaining("failed after 6 attempts: HTTP 500"),
    });
    expect(incidentMail(deadLetter).text).toContain("/api/v1/webhooks/deliveries/d1/retry");
    expect(incidentMail(disabled)).toEqual({
      subject: "[Herald] Webhook disabled: https://x.test/hook",
      text: expect.stringContaining("410 Gone"),
    });
  });

  it("lists a digest's incidents and counts those beyond the cap", () => {
    const mail = digestMail([deadLetter, disabled], 5);
    expect(mail.subject).toBe("[Herald] 5 more webhook incidents");
    expect(mail.text.split("\n").filter(Boolean)).toHaveLength(3);
    expect(mail.text).toContain("... and 3 more.");
    expect(digestMail([disabled], 1).subject).toBe("[Herald] 1 more webhook incident");
  });
});
