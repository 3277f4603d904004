import { createHmac, hkdfSync } from "node:crypto";
import { deriveKey } from "@herald/crypto";
import { safeEqual } from "@herald/signing";

export const PORTAL_TOKEN_PREFIX = "hps_";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A portal session's id as Herald writes it (in tokens and links): a lowercase UUID. */
export const isSessionId = (id: string): boolean => UUID.test(id);

// The portal's signing key is derived from the encryption key instead of being
// a second secret to configure; HKDF's info keeps it apart from the AES key.
const keys = new Map<string, Buffer>();
function portalKey(encryptionKey: string): Buffer {
  let key = keys.get(encryptionKey);
  if (!key) {
    if (keys.size >= 8) keys.clear();
    key = Buffer.from(hkdfSync("sha256", deriveKey(encryptionKey), Buffer.alloc(0), "herald portal session", 32));
    keys.set(encryptionKey, key);
  }
  return key;
}

export interface PortalClaims {
  sessionId: string;
  tenantId: string;
  expiresAt: Date;
}

function signatureOf(claims: PortalClaims, encryptionKey: string): string {
  const message = `${claims.sessionId}.${claims.tenantId}.${claims.expiresAt.getTime()}`;
  return createHmac("sha256", portalKey(encryptionKey)).update(message).digest("base64url");
}

/** `hps_<session id>.<base64url HMAC-SHA256 of "<session id>.<tenant id>.<expires ms>">`. */
export function mintPortalToken(claims: PortalClaims, encryptionKey: string): string {
  return `${PORTAL_TOKEN_PREFIX}${claims.sessionId}.${signatureOf(claims, encryptionKey)}`;
}

/** The session id a token names, or null when it is not shaped like a portal token. */
export function sessionIdOf(token: string): string | null {
  if (!token.startsWith(PORTAL_TOKEN_PREFIX) || token.length > 200) return null;
  const [id, signature, extra] = token.slice(PORTAL_TOKEN_PREFIX.length).split(".");
  return id && isSessionId(id) && signature && extra === undefined ? id : null;
}

/** Whether the token was minted for exactly these claims (the session row's), compared in constant time. */
export function portalTokenMatches({
  token,
  claims,
  encryptionKey,
}: {
  token: string;
  claims: PortalClaims;
  encryptionKey: string;
}): boolean {
  return safeEqual(token, mintPortalToken(claims, encryptionKey));
}
