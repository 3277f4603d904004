import { classifyAddress, isPublicAddress } from "./classify-address.ts";
import { assertPublicHost, BlockedAddressError, guardedLookup } from "./guarded-lookup.ts";
import { checkTargetUrl } from "./validate-target-url.ts";

const refuse = { allowHttp: true, allowPrivateTargets: false };

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.64.0.1", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["::1", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "uniqueLocal"],
    ["fd12:3456::1", "uniqueLocal"],
    ["fe80::1", "linkLocal"],
    ["fe80::1%eth0", "linkLocal"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.0.0.1", "private"],
    ["::127.0.0.1", "loopback"],
    ["[::1]", "loopback"],
    ["not-an-ip", "invalid"],
  ])("%s is %s", (address, range) => {
    expect(classifyAddress(address)).toBe(range);
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])(
    "%s is public",
    (address) => {
      expect(classifyAddress(address)).toBe("public");
    },
  );
});

describe("checkTargetUrl", () => {
  it.each([
    "http://127.0.0.1/hook",
    "http://2130706433/hook",
    "http://0x7f000001/hook",
    "http://0177.0.0.1/hook",
    "http://127.1/hook",
    "http://[::1]/hook",
    "http://[::ffff:127.0.0.1]/hook",
    "http://169.254.169.254/latest/meta-data",
    "http://0.0.0.0/",
    "http://localhost:3000/",
    "http://10.0.0.5/",
    "http://[fd00::1]/",
    "http://[fe80::1]/",
  ])("refuses %s", async (url) => {
    const out = await checkTargetUrl(url, refuse);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(/non-public address/);
  });

  it("allows private targets when configured", async () => {
    expect((await checkTargetUrl("http://127.0.0.1:9/x", { allowHttp: true, allowPrivateTargets: true })).ok).toBe(
      true,
    );
  });

  it("requires https unless http is allowed, and refuses credentials and junk", async () => {
    expect(await checkTargetUrl("http://example.com/", { allowHttp: false, allowPrivateTargets: true })).toEqual({
      ok: false,
      reason: expect.stringMatching(/https/),
    });
    expect(await checkTargetUrl("ftp://example.com/", { allowHttp: true, allowPrivateTargets: true })).toMatchObject({
      ok: false,
    });
    expect(
      await checkTargetUrl("https://user:pw@example.com/", { allowHttp: true, allowPrivateTargets: true }),
    ).toMatchObject({ ok: false, reason: expect.stringMatching(/credentials/) });
    expect(await checkTargetUrl("not a url", { allowHttp: true, allowPrivateTargets: true })).toMatchObject({
      ok: false,
      reason: "must be an absolute URL",
    });
  });
});

describe("guardedLookup", () => {
  it("refuses a hostname that resolves to loopback", (done) => {
    guardedLookup("localhost", {}, (err) => {
      expect(err).toBeInstanceOf(BlockedAddressError);
      done();
    });
  });

  it("assertPublicHost refuses loopback literals and names", async () => {
    await expect(assertPublicHost("127.0.0.1")).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(assertPublicHost("[::1]")).rejects.toBeInstanceOf(BlockedAddressError);
    await expect(assertPublicHost("localhost")).rejects.toBeInstanceOf(BlockedAddressError);
  });
});
