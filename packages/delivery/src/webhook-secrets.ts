import { decrypt } from "@herald/crypto";

export interface SealedSecrets {
  secretEncrypted: string;
  previousSecretEncrypted: string | null;
  previousSecretExpiresAt: Date | null;
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
