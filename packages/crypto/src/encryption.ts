import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

// Ciphertext format: `v1.<key id>.<iv>.<ciphertext>.<tag>` (base64url parts).
// The version lets the format change later; the key id (a fingerprint of the
// key, not the key) tells which key sealed a value, so a rotation can check
// the old key before touching anything.
const VERSION = "v1";
const IV_BYTES = 12;

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DecryptionError";
  }
}

/**
 * The 32-byte AES key for a configured key string: 64 hex chars or base64 of
 * 32 bytes are used as they are; any other string (a passphrase) is hashed.
 */
function derive(key: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(key)) return Buffer.from(key, "hex");
  const b64 = Buffer.from(key, "base64");
  if (b64.length === 32 && /^[A-Za-z0-9+/_-]{43}=?$/.test(key)) return b64;
  return createHash("sha256").update(key, "utf8").digest();
}

// A process holds one or two keys (two during a rotation); deriving and
// hashing them once instead of per sealed secret keeps a delivery's
// decryption to the AES itself (three hashes fewer per attempt).
const materials = new Map<string, { derived: Buffer; id: string }>();
function material(key: string): { derived: Buffer; id: string } {
  let found = materials.get(key);
  if (!found) {
    if (materials.size >= 8) materials.clear();
    const derived = derive(key);
    found = { derived, id: createHash("sha256").update(derived).digest("base64url").slice(0, 8) };
    materials.set(key, found);
  }
  return found;
}

export function deriveKey(key: string): Buffer {
  return material(key).derived;
}

export function keyId(key: string): string {
  return material(key).id;
}

export function encrypt(plaintext: string, key: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(key), iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, body, cipher.getAuthTag()].map((b) => b.toString("base64url"));
  return [VERSION, keyId(key), ...parts].join(".");
}

export function isSealedBy(ciphertext: string, key: string): boolean {
  return ciphertext.split(".")[1] === keyId(key);
}

export function decrypt(ciphertext: string, key: string): string {
  const [version, kid, iv, body, tag] = ciphertext.split(".");
  if (version !== VERSION || !kid || iv === undefined || body === undefined || tag === undefined) {
    throw new DecryptionError("not a Herald ciphertext");
  }
  if (kid !== keyId(key)) throw new DecryptionError("sealed with a different key");
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(key), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("ciphertext failed authentication");
  }
}

/** Re-seals a value under a new key; throws DecryptionError if `oldKey` is wrong. */
export function reencrypt(ciphertext: string, oldKey: string, newKey: string): string {
  return encrypt(decrypt(ciphertext, oldKey), newKey);
}
