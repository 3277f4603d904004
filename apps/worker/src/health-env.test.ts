import { deprecationWarnings, parseEnv } from "@herald/config";
import { healthSettingsOf } from "@herald/engine";
import { workerEnvSchema } from "./env.ts";

describe("endpoint health settings", () => {
  it("defaults to 10 failures, a 30 s probe, 5 days to auto-disable and no SMTP", () => {
    const settings = healthSettingsOf(parseEnv(workerEnvSchema, {}));
    expect(settings).toMatchObject({
      circuitThreshold: 10,
      probeIntervalMs: 30_000,
      disableAfterMs: 5 * 86_400_000,
      smtpUrl: undefined,
      digestWindowMs: 900_000,
    });
  });

  it("lets HERALD_AUTO_DISABLE_AFTER_MS override the days, and checks the SMTP URL", () => {
    expect(healthSettingsOf(parseEnv(workerEnvSchema, { HERALD_AUTO_DISABLE_AFTER_DAYS: "2" })).disableAfterMs).toBe(
      2 * 86_400_000,
    );
    expect(
      healthSettingsOf(
        parseEnv(workerEnvSchema, { HERALD_AUTO_DISABLE_AFTER_DAYS: "2", HERALD_AUTO_DISABLE_AFTER_MS: "1500" }),
      ).disableAfterMs,
    ).toBe(1500);
    expect(parseEnv(workerEnvSchema, { HERALD_SMTP_URL: "smtps://u:p@mail.example.com:465" }).HERALD_SMTP_URL).toBe(
      "smtps://u:p@mail.example.com:465",
    );
    expect(() => parseEnv(workerEnvSchema, { HERALD_SMTP_URL: "http://mail.example.com" })).toThrow(
      /HERALD_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(() => parseEnv(workerEnvSchema, { HERALD_CIRCUIT_THRESHOLD: "0" })).toThrow(
      /HERALD_CIRCUIT_THRESHOLD: must be positive/,
    );
  });

  it("names HERALD_AUTO_DISABLE_AFTER_DAYS as the replacement of HERALD_AUTO_DISABLE_AFTER_MS", () => {
    expect(deprecationWarnings(workerEnvSchema, { HERALD_AUTO_DISABLE_AFTER_MS: "1500" })).toEqual([
      "HERALD_AUTO_DISABLE_AFTER_MS is deprecated: set HERALD_AUTO_DISABLE_AFTER_DAYS instead",
    ]);
    expect(deprecationWarnings(workerEnvSchema, { HERALD_AUTO_DISABLE_AFTER_DAYS: "2" })).toEqual([]);
  });
});
