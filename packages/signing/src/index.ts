export { generateSecret, SECRET_PREFIX } from "./generate-secret.ts";
export { secretKey } from "./secret-key.ts";
export { sign, signatureOf, bodySignatureOf } from "./sign.ts";
export type { SignInput, SignatureHeaders, Signer } from "./sign.ts";
export {
  asymmetricSignatureOf,
  generateSigningKeyPair,
  PRIVATE_KEY_PREFIX,
  PUBLIC_KEY_PREFIX,
  publicKeyObject,
  publicKeyOf,
  signingKeyObject,
  verifiesAsymmetric,
} from "./ed25519.ts";
export type { SigningKeyPair } from "./ed25519.ts";
export { verify, DEFAULT_TOLERANCE_SECONDS } from "./verify.ts";
export type { VerifyInput, VerifyResult } from "./verify.ts";
export { safeEqual } from "./safe-equal.ts";
