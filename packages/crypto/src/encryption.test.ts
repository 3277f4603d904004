import { randomBytes } from "node:crypto";
import { decrypt, DecryptionError, deriveKey, encrypt, isSealedBy, reencrypt } from "./encryption.ts";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "./api-key.ts";

const key = randomBytes(32).toString("hex");

describe("encryption", () => {
  it("round-trips and never returns the plaintext in the ciphertext", () => {
    const secret = "whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0";
    const sealed = encrypt(secret, key);
    expect(sealed).toMatch(/^v1\.[\w-]{8}\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(secret);
    expect(sealed).not.toContain("c2VjcmV0");
    expect(decrypt(sealed, key)).toBe(secret);
  });

  it("uses a fresh IV each time", () => {
    expect(encrypt("same", key)).not.toBe(encrypt("same", key));
  });

  it("refuses a wrong key and a tampered ciphertext", () => {
    const sealed = encrypt("value", key);
    expect(() => decrypt(sealed, randomBytes(32).toString("hex"))).toThrow(DecryptionError);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString("base64url");
    expect(() => decrypt(parts.join("."), key)).toThrow(DecryptionError);
    expect(() => decrypt("garbage", key)).toThrow(DecryptionError);
  });

  it("re-encrypts under a new key, and a wrong old key changes nothing", () => {
    const next = "a passphrase that is long enough";
    const sealed = encrypt("value", key);
    const moved = reencrypt(sealed, key, next);
    expect(isSealedBy(moved, next)).toBe(true);
    expect(decrypt(moved, next)).toBe("value");
    expect(() => reencrypt(sealed, next, key)).toThrow(DecryptionError);
  });

  it("accepts hex, base64 and passphrase keys as 32-byte AES keys", () => {
    expect(deriveKey(key)).toHaveLength(32);
    expect(deriveKey(randomBytes(32).toString("base64"))).toHaveLength(32);
    expect(deriveKey("short")).toHaveLength(32);
  });
});

describe("api keys", () => {
  it("are hk_ prefixed, random, and hashed deterministically", () => {
    const a = generateApiKey();
    expect(a).toMatch(/^hk_[\w-]{43}$/);
    expect(a).not.toBe(generateApiKey());
    expect(hashApiKey(a)).toBe(hashApiKey(a));
    expect(hashApiKey(a)).not.toContain(a.slice(3));
    expect(apiKeyPrefix(a)).toBe(a.slice(0, 9));
  });
});
