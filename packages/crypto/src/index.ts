export { encrypt, decrypt, reencrypt, isSealedBy, keyId, deriveKey, DecryptionError } from "./encryption.ts";
export { generateApiKey, hashApiKey, apiKeyPrefix, API_KEY_PREFIX } from "./api-key.ts";
