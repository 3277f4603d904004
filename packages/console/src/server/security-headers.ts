import type { Response } from "express";

/** Origins allowed to frame a page; none means no framing at all. */
function frameAncestors(origins: readonly string[]): string {
  return origins.length ? origins.join(" ") : "'none'";
}

/**
 * Every console response: scripts, styles and calls only from Herald's own
 * origin (no inline code, so an injected tag cannot run), no referrer leaking
 * a URL, no MIME sniffing, and framing only by the given ancestors. `images`: extra
 * image origins (a portal session's logo), already validated by the caller.
 */
export function setSecurityHeaders(
  res: Response,
  { ancestors = [], images = [] }: { ancestors?: readonly string[]; images?: readonly string[] } = {},
): void {
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self'",
      ["img-src 'self' data:", ...images].join(" "),
      "connect-src 'self'",
      "font-src 'self'",
      "base-uri 'none'",
      "form-action 'self'",
      `frame-ancestors ${frameAncestors(ancestors)}`,
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
}
