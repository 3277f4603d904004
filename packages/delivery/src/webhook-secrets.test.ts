import { randomBytes } from "node:crypto";
import { DecryptionError, encrypt } from "@herald/crypto";
import { generateSecret, generateSigningKeyPair, sign, verify } from "@herald/signing";
import { activeSigner, type SealedSigning } from "./webhook-secrets.ts";

const key = randomBytes(32).toString("hex");
const hour = 3600_000;
const body = '{"id":"evt_1"}';

function sealed(
  over: Partial<SealedSigning> & { privateKey?: string; previousPrivateKey?: string } = {},
): SealedSigning {
  const { privateKey, previousPrivateKey, ...rest } = over;
  return {
    signatureScheme: privateKey ? "ed25519" : "hmac-sha256",
    secretEncrypted: encrypt("the-hmac-secret-1", key),
    previousSecretEncrypted: null,
    previousSecretExpiresAt: null,
    signingKeyEncrypted: privateKey ? encrypt(privateKey, key) : null,
    previousSigningKeyEncrypted: previousPrivateKey ? encrypt(previousPrivateKey, key) : null,
    previousSigningKeyExpiresAt: previousPrivateKey ? new Date(Date.now() + hour) : null,
    ...rest,
  };
}
const headersOf = (signer: ReturnType<typeof activeSigner>) =>
  sign({ ...signer, id: "msg_1", timestamp: Math.floor(Date.now() / 1000), body });

describe("activeSigner", () => {
  it("hmac-sha256: the secrets, the previous one while its overlap lasts", () => {
    const previous = generateSecret();
    expect(activeSigner(sealed(), key)).toEqual({ secrets: ["the-hmac-secret-1"] });
    const rotating = sealed({
      previousSecretEncrypted: encrypt(previous, key),
      previousSecretExpiresAt: new Date(Date.now() + hour),
    });
    expect(activeSigner(rotating, key)).toEqual({ secrets: ["the-hmac-secret-1", previous] });
    expect(activeSigner(rotating, key, new Date(Date.now() + 2 * hour))).toEqual({ secrets: ["the-hmac-secret-1"] });
  });

  it("ed25519: the private key, and the previous one until its overlap ends", () => {
    const [fresh, old] = [generateSigningKeyPair(), generateSigningKeyPair()];
    const signer = activeSigner(sealed({ privateKey: fresh.privateKey, previousPrivateKey: old.privateKey }), key);
    const headers = headersOf(signer);
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(verify({ publicKey: fresh.publicKey, body, headers }).ok).toBe(true);
    expect(verify({ publicKey: old.publicKey, body, headers }).ok).toBe(true);

    const later = headersOf(
      activeSigner(
        sealed({ privateKey: fresh.privateKey, previousPrivateKey: old.privateKey }),
        key,
        new Date(Date.now() + 2 * hour),
      ),
    );
    expect(later["webhook-signature"].split(" ")).toHaveLength(1);
    expect(verify({ publicKey: old.publicKey, body, headers: later }).ok).toBe(false);
  });

  it("a key this process already used still needs the right encryption key", () => {
    const pair = generateSigningKeyPair();
    const row = sealed({ privateKey: pair.privateKey });
    expect(verify({ publicKey: pair.publicKey, body, headers: headersOf(activeSigner(row, key)) }).ok).toBe(true);
    expect(() => activeSigner(row, randomBytes(32).toString("hex"))).toThrow(DecryptionError);
  });
});
