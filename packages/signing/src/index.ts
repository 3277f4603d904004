export { generateSecret, SECRET_PREFIX } from "./generate-secret.ts";
export { secretKey } from "./secret-key.ts";
export { sign, signatureOf, bodySignatureOf } from "./sign.ts";
export type { SignInput, SignatureHeaders } from "./sign.ts";
export { verify, DEFAULT_TOLERANCE_SECONDS } from "./verify.ts";
export type { VerifyInput, VerifyResult } from "./verify.ts";
