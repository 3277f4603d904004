import { assertPublicHost, BlockedAddressError, type Resolver } from "./guarded-lookup.ts";

export interface TargetPolicy {
  allowHttp: boolean;
  allowPrivateTargets: boolean;
  /** The resolver behind the check (dns.lookup); tests play a rebinding DNS server with it. */
  resolve?: Resolver;
}

export type TargetCheck = { ok: true; url: URL } | { ok: false; reason: string };

// What a refusal says, with the setting that lifts it: a developer pointing a webhook at a receiver on their
// own machine learns the variable (and `npm run dev`, which sets both) from the error itself.
const DEV_HINT = "or run Herald with `npm run dev` on your own machine";
const HTTP_REFUSED = `must use https (set HERALD_ALLOW_HTTP=true to allow http, ${DEV_HINT})`;

/** The refusal of a host that is, or resolves to, a non-public address (create time and send time). */
export function nonPublicReason(address: string, range: string): string {
  return `targets a non-public address (${address}, ${range}); set HERALD_ALLOW_PRIVATE_TARGETS=true to allow it, ${DEV_HINT}`;
}

/** Syntax and scheme: what can be judged without DNS. */
export function checkTargetSyntax(raw: string, { allowHttp }: Pick<TargetPolicy, "allowHttp">): TargetCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "must be an absolute URL" };
  }
  if (url.protocol !== "https:" && !(allowHttp && url.protocol === "http:")) {
    return {
      ok: false,
      reason: allowHttp ? "must use http or https" : HTTP_REFUSED,
    };
  }
  if (url.username || url.password) return { ok: false, reason: "must not contain credentials" };
  if (!url.hostname) return { ok: false, reason: "must name a host" };
  return { ok: true, url };
}

/**
 * Everything Herald checks before it will POST to a URL: scheme, and (unless
 * private targets are allowed) that the host is, or resolves only to, public
 * addresses. `new URL` has already normalised decimal, octal and hex IPv4
 * forms (http://2130706433 is 127.0.0.1).
 */
export async function checkTargetUrl(raw: string, policy: TargetPolicy): Promise<TargetCheck> {
  const syntax = checkTargetSyntax(raw, policy);
  if (!syntax.ok || policy.allowPrivateTargets) return syntax;
  try {
    await assertPublicHost(syntax.url.hostname, policy.resolve);
    return syntax;
  } catch (err) {
    if (err instanceof BlockedAddressError) return { ok: false, reason: nonPublicReason(err.address, err.range) };
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      reason: code === "ENOTFOUND" ? "host does not resolve" : `host could not be resolved (${code ?? "error"})`,
    };
  }
}
