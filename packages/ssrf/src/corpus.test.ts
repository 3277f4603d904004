import { checkTargetUrl } from "./validate-target-url.ts";
import { ssrfCorpus } from "./testing/corpus.ts";

describe("the SSRF corpus", () => {
  const corpus = ssrfCorpus(8080);

  it("has at least 30 targets", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
  });

  it.each(corpus.map((t) => [t.name, t.url]))("refuses %s (%s)", async (_name, url) => {
    const out = await checkTargetUrl(url, { allowHttp: true, allowPrivateTargets: false });
    expect(out).toEqual({ ok: false, reason: expect.stringMatching(/non-public address/) });
  });
});
