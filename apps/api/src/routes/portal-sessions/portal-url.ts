import type { Request } from "express";

/**
 * Where a portal link opens: the console's portal page with the token in the
 * fragment, which browsers never send, so no server or proxy logs it. The
 * origin is HERALD_PUBLIC_URL when set (behind a proxy the request's own host
 * may be an internal one), else the request's.
 */
export function portalUrl({ req, publicUrl, token }: { req: Request; publicUrl?: string; token: string }): string {
  const origin = publicUrl ?? `${req.protocol}://${req.get("host")}`;
  return `${origin.replace(/\/+$/, "")}/console/portal#token=${encodeURIComponent(token)}`;
}
