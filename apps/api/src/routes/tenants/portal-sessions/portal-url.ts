import type { Request } from "express";
import { AppError } from "../../../lib/app-error.ts";

/** The address a connection arrived at, as a URL host (IPv4-mapped IPv6 unwrapped, IPv6 bracketed). */
function hostOf(address: string): string {
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (v4) return v4;
  return address.includes(":") ? `[${address}]` : address;
}

/**
 * Where portal links point: HERALD_PUBLIC_URL when set. Never the request's
 * Host header, which the client writes: a link built from it could send a
 * tenant, token and all, to any site. Without the setting, production
 * refuses to mint (503: the operator, not the caller, must act, and retrying
 * will not help, so no Retry-After); development uses the address the
 * connection reached, which is this server's own.
 */
export function portalOrigin({
  req,
  publicUrl,
  requirePublicUrl,
}: {
  req: Request;
  publicUrl?: string;
  requirePublicUrl?: boolean;
}): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, "");
  if (requirePublicUrl)
    throw new AppError(
      "not_configured",
      "portal links need HERALD_PUBLIC_URL, the origin users reach Herald at (e.g. https://herald.example.com); " +
        "set it and restart the API",
    );
  return `${req.protocol}://${hostOf(req.socket.localAddress ?? "127.0.0.1")}:${req.socket.localPort}`;
}

/**
 * The console's portal page with the token in the fragment, which browsers never send, so no server or proxy logs it.
 * The session id (not a credential: it only names the session) is in the query, so the page's answer can allow that
 * session's logo origin in its CSP.
 */
export function portalUrl(origin: string, { sessionId, token }: { sessionId: string; token: string }): string {
  return `${origin}/console/portal?session=${sessionId}#token=${encodeURIComponent(token)}`;
}
