import { mintPortalToken, portalTokenMatches, sessionIdOf } from "./portal-token.ts";

const key = "a".repeat(64);
const claims = {
  sessionId: "0190f2f4-0000-7000-8000-000000000001",
  tenantId: "0190f2f4-0000-7000-8000-0000000000aa",
  expiresAt: new Date("2026-12-02T13:00:00.000Z"),
};

describe("portal tokens", () => {
  const token = mintPortalToken(claims, key);

  it("name their session and carry a base64url signature", () => {
    expect(token).toMatch(/^hps_0190f2f4-0000-7000-8000-000000000001\.[A-Za-z0-9_-]{43}$/);
    expect(sessionIdOf(token)).toBe(claims.sessionId);
    expect(portalTokenMatches({ token, claims, encryptionKey: key })).toBe(true);
  });

  it("do not match other claims, another key, or an altered signature", () => {
    expect(
      portalTokenMatches({
        token,
        claims: { ...claims, tenantId: "0190f2f4-0000-7000-8000-0000000000bb" },
        encryptionKey: key,
      }),
    ).toBe(false);
    expect(
      portalTokenMatches({
        token,
        claims: { ...claims, expiresAt: new Date(claims.expiresAt.getTime() + 1) },
        encryptionKey: key,
      }),
    ).toBe(false);
    expect(
      portalTokenMatches({
        token,
        claims: { ...claims, sessionId: "0190f2f4-0000-7000-8000-000000000002" },
        encryptionKey: key,
      }),
    ).toBe(false);
    expect(portalTokenMatches({ token, claims, encryptionKey: "b".repeat(64) })).toBe(false);
    const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect(portalTokenMatches({ token: flipped, claims, encryptionKey: key })).toBe(false);
  });

  it("reject malformed shapes before any lookup", () => {
    for (const bad of [
      "hk_abc",
      "hps_",
      "hps_not-a-uuid.sig",
      `hps_${claims.sessionId}`,
      `hps_${claims.sessionId}.`,
      `hps_${claims.sessionId}.a.b`,
      `hps_${claims.sessionId}.${"x".repeat(300)}`,
    ]) {
      expect(sessionIdOf(bad)).toBeNull();
    }
  });
});
