import type { KeyObject } from "node:crypto";
import { decrypt, encrypt, isSealedBy } from "@herald/crypto";
import { type Signer, signingKeyObject } from "@herald/signing";

export interface SealedSecrets {
  secretEncrypted: string;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
}

export interface SealedSigning extends SealedSecrets {
  signatureScheme: string;
  signingKeyEncrypted: string | null;
  previousSigningKeyEncrypted: string | null;
  previousSigningKeyExpiresAt: Date | null;
}

/**
 * The secrets that sign a delivery, current first: during a rotation the
 * previous secret signs too until it expires, so receivers can switch over.
 */
export function activeSecrets(sealed: SealedSecrets, encryptionKey: string, now: Date = new Date()): string[] {
  const secrets = [decrypt(sealed.secretEncrypted, encryptionKey)];
  if (sealed.previousSecretEncrypted && sealed.previousSecretExpiresAt && sealed.previousSecretExpiresAt > now) {
    secrets.push(decrypt(sealed.previousSecretEncrypted, encryptionKey));
  }
  return secrets;
}

// Importing a private key costs more than signing with it (see
// signingKeyObject), and every attempt reloads its webhook, so a process
// keeps the KeyObjects of the sealed keys it has used, by ciphertext: a hit
// skips decryption and import. A hit needs the ciphertext to be sealed by
// the key asked with, so a wrong HERALD_ENCRYPTION_KEY still fails. Bounded;
// the least recently used key goes first.
const MAX_CACHED_KEYS = 1000;
const keyObjects = new Map<string, KeyObject>();

function keyObjectOf(sealed: string, encryptionKey: string): KeyObject {
  const cached = keyObjects.get(sealed);
  if (cached && isSealedBy(sealed, encryptionKey)) {
    keyObjects.delete(sealed);
    keyObjects.set(sealed, cached);
    return cached;
  }
  const key = signingKeyObject(decrypt(sealed, encryptionKey));
  if (keyObjects.size >= MAX_CACHED_KEYS) keyObjects.delete(keyObjects.keys().next().value!);
  keyObjects.set(sealed, key);
  return key;
}

/**
 * What signs a delivery under the webhook's scheme, current first: its HMAC
 * secrets, or its Ed25519 private keys (the previous one until its overlap
 * ends). Throws DecryptionError when HERALD_ENCRYPTION_KEY does not open them.
 */
export function activeSigner(sealed: SealedSigning, encryptionKey: string, now: Date = new Date()): Signer {
  if (sealed.signatureScheme !== "ed25519") return { secrets: activeSecrets(sealed, encryptionKey, now) };
  // The table's check constraint rules this out.
  if (!sealed.signingKeyEncrypted) throw new Error("the webhook uses ed25519 but has no signing key");
  const signingKeys = [keyObjectOf(sealed.signingKeyEncrypted, encryptionKey)];
  if (
    sealed.previousSigningKeyEncrypted &&
    sealed.previousSigningKeyExpiresAt &&
    sealed.previousSigningKeyExpiresAt > now
  ) {
    signingKeys.push(keyObjectOf(sealed.previousSigningKeyEncrypted, encryptionKey));
  }
  return { signingKeys };
}

/** A webhook's custom headers as stored: name -> value sealed like its secret (the names stay readable). */
export type SealedHeaders = Record<string, string>;

/** Seals each value of `headers` with the encryption key; null for none, which is how a row holds no headers. */
export function sealHeaders(headers: Record<string, string>, encryptionKey: string): SealedHeaders | null {
  const entries = Object.entries(headers);
  if (entries.length === 0) return null;
  return Object.fromEntries(entries.map(([name, value]) => [name, encrypt(value, encryptionKey)]));
}

/**
 * The clear values of a webhook's sealed custom headers, for the attempt
 * being sent (decrypted beside its signing secret, never stored or logged).
 * Throws DecryptionError when HERALD_ENCRYPTION_KEY does not open them.
 */
export function openHeaders(sealed: unknown, encryptionKey: string): Record<string, string> {
  if (!sealed || typeof sealed !== "object") return {};
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(sealed))
    if (typeof value === "string") out[name] = decrypt(value, encryptionKey);
  return out;
}
