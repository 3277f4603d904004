import dns, { type LookupAddress, type LookupOptions } from "node:dns";
import { isIP } from "node:net";
import { classifyAddress } from "./classify-address.ts";

export class BlockedAddressError extends Error {
  readonly code = "ERR_SSRF_BLOCKED";
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${hostname} resolves to ${address} (${range}), which is not a public address`);
    this.name = "BlockedAddressError";
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The resolver under the guard: dns.lookup with `all: true`. Injectable so tests can play a rebinding DNS server. */
export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A drop-in for dns.lookup (net.connect's and got's `dnsLookup` option) that
 * refuses non-public answers. The address it hands back is the one the socket
 * connects to, so there is no window between check and connect for a DNS
 * rebinding to slip through. Every answer must be public, not just the first.
 */
export function createGuardedLookup(resolve: Resolver = dns.lookup as Resolver) {
  return function guardedLookup(
    hostname: string,
    options: LookupOptions | number | LookupCallback,
    maybeCallback?: LookupCallback,
  ): void {
    const callback = (typeof options === "function" ? options : maybeCallback) as LookupCallback;
    const opts: LookupOptions =
      typeof options === "object" ? options : typeof options === "number" ? { family: options } : {};
    resolve(hostname, { ...opts, all: true }, (err, addresses) => {
      if (err) return callback(err, "", 0);
      for (const { address } of addresses) {
        const range = classifyAddress(address);
        if (range !== "public") return callback(new BlockedAddressError(hostname, address, range), "", 0);
      }
      if (opts.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

export const guardedLookup = createGuardedLookup();

/** Resolves a hostname (or takes an IP literal) and throws if any address is not public. */
export async function assertPublicHost(
  hostname: string,
  resolve: Resolver = dns.lookup as Resolver,
): Promise<string[]> {
  const host = hostname.replace(/^\[|\]$/g, "");
  if (isIP(host)) {
    const range = classifyAddress(host);
    if (range !== "public") throw new BlockedAddressError(hostname, host, range);
    return [host];
  }
  const addresses = await new Promise<LookupAddress[]>((ok, fail) =>
    resolve(host, { all: true }, (err, found) => (err ? fail(err) : ok(found))),
  );
  for (const { address } of addresses) {
    const range = classifyAddress(address);
    if (range !== "public") throw new BlockedAddressError(hostname, address, range);
  }
  return addresses.map((a) => a.address);
}
