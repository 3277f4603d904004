import { encrypt } from "@herald/crypto";
import { generateSigningKeyPair } from "@herald/signing";

/**
 * A new Ed25519 key pair as a webhook row holds it: the `whsk_` private key
 * sealed like secrets, the `whpk_` public key in plain text. Herald makes
 * every key itself; callers cannot bring a private key (one that exists
 * outside Herald would undo what an asymmetric signature proves).
 */
export function newSigningKey(encryptionKey: string): { signingKeyEncrypted: string; publicKey: string } {
  const { privateKey, publicKey } = generateSigningKeyPair();
  return { signingKeyEncrypted: encrypt(privateKey, encryptionKey), publicKey };
}
