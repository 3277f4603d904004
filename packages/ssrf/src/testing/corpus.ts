/**
 * Targets Herald must refuse when private targets are not allowed, each
 * reaching (if it were followed) a server on this machine or a private,
 * link-local, carrier-grade NAT or otherwise non-public network. `port` is
 * where a test's loopback receiver listens, so a refusal that fails shows up
 * as a request at that receiver.
 */
export function ssrfCorpus(port: number): { name: string; url: string }[] {
  const targets: [string, string][] = [
    ["loopback", "127.0.0.1"],
    ["loopback, other address", "127.1.2.3"],
    ["loopback, short form", "127.1"],
    ["loopback, decimal", "2130706433"],
    ["loopback, octal", "0177.0.0.1"],
    ["loopback, hex", "0x7f000001"],
    ["loopback, dotted hex", "0x7f.0x0.0x0.0x1"],
    ["loopback, mixed octal", "0177.0.0.01"],
    ["IPv6 loopback", "[::1]"],
    ["IPv6 loopback, long form", "[0:0:0:0:0:0:0:1]"],
    ["IPv4-mapped loopback", "[::ffff:127.0.0.1]"],
    ["IPv4-mapped loopback, hex", "[::ffff:7f00:1]"],
    ["IPv4-compatible loopback", "[::127.0.0.1]"],
    ["NAT64 loopback", "[64:ff9b::7f00:1]"],
    ["6to4 loopback", "[2002:7f00:1::]"],
    ["unspecified", "0.0.0.0"],
    ["unspecified, zero", "0"],
    ["IPv6 unspecified", "[::]"],
    ["cloud metadata", "169.254.169.254"],
    ["cloud metadata, decimal", "2852039166"],
    ["cloud metadata, mapped", "[::ffff:169.254.169.254]"],
    ["10/8", "10.0.0.1"],
    ["10/8, top", "10.255.255.254"],
    ["172.16/12", "172.16.0.1"],
    ["172.16/12, top", "172.31.255.254"],
    ["192.168/16", "192.168.0.1"],
    ["192.168/16, mapped", "[::ffff:192.168.1.1]"],
    ["100.64/10", "100.64.0.1"],
    ["100.64/10, top", "100.127.255.254"],
    ["fc00::/7", "[fc00::1]"],
    ["fc00::/7, fd", "[fd12:3456:789a::1]"],
    ["fe80::/10", "[fe80::1]"],
    ["benchmarking 198.18/15", "198.18.0.1"],
    ["broadcast", "255.255.255.255"],
    ["multicast", "224.0.0.1"],
    ["reserved 240/4", "240.0.0.1"],
    ["name resolving to loopback", "localhost"],
  ];
  return targets.map(([name, host]) => ({ name, url: `http://${host}:${port}/ssrf` }));
}
