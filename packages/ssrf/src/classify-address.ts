import ipaddr from "ipaddr.js";

/**
 * "public" for an address on the open internet; otherwise the name of the
 * special range it falls in (loopback, private, linkLocal, uniqueLocal, ...).
 * IPv4-mapped and IPv4-translated IPv6 forms are judged as the IPv4 address
 * they carry. Anything ipaddr.js does not call plain unicast is refused.
 */
export function classifyAddress(address: string): string {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address.replace(/^\[|\]$/g, "").replace(/%.*$/, ""));
  } catch {
    return "invalid";
  }
  if (parsed.kind() === "ipv6") {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return classifyAddress(v6.toIPv4Address().toString());
    // ::a.b.c.d (deprecated IPv4-compatible) and ::ffff:0:a.b.c.d (RFC 6145).
    const parts = v6.parts;
    if (parts.slice(0, 6).every((p) => p === 0) && (parts[6] !== 0 || (parts[7] ?? 0) > 1)) {
      return classifyAddress(`${parts[6]! >> 8}.${parts[6]! & 255}.${parts[7]! >> 8}.${parts[7]! & 255}`);
    }
  }
  const range = parsed.range();
  return range === "unicast" ? "public" : range;
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === "public";
}
