import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

// The README, CONTRIBUTING, ARCHITECTURE, the benchmark's README and docs/*.md link to each other by
// relative path and heading; a moved section or a renamed heading must not leave a reader at a dead end.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(markdown).split("\n")) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Fenced blocks blanked out: a link or a heading shown in code is not one. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** Fenced blocks and inline code blanked out. */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, "``");
}

/** Every relative link or image in `files` (paths from `dir`) whose file or heading does not exist. */
function brokenLinks(dir: string, files: string[]): string[] {
  const broken: string[] = [];
  for (const file of files) {
    const text = withoutCode(readFileSync(path.join(dir, file), "utf8"));
    for (const [, raw] of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = raw!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: ...
      const [file2 = "", anchor] = target.split("#");
      const resolved = file2
        ? path.join(path.dirname(path.join(dir, file)), decodeURIComponent(file2))
        : path.join(dir, file);
      if (!existsSync(resolved)) {
        broken.push(`${file}: ${target} (no such file)`);
      } else if (anchor !== undefined && !anchorsOf(readFileSync(resolved, "utf8")).has(anchor)) {
        broken.push(`${file}: ${target} (no such heading)`);
      }
    }
  }
  return broken;
}

const documents = [
  "README.md",
  "CONTRIBUTING.md",
  "ARCHITECTURE.md",
  "bench/README.md",
  ...readdirSync(path.join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

describe("the documentation's links", () => {
  it("all lead to a file and, where they name one, a heading in it", () => {
    expect(documents).toEqual(
      expect.arrayContaining(["docs/configuration.md", "docs/deliveries.md", "docs/operations.md"]),
    );
    expect(brokenLinks(root, documents)).toEqual([]);
  });

  it("are judged by a checker that catches a missing file, a missing heading, and ignores code", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "herald-links-"));
    try {
      writeFileSync(path.join(dir, "a.md"), "# Tracing (OpenTelemetry)\n\n## Set `OTEL_*` up\n\n## Set `OTEL_*` up\n");
      writeFileSync(
        path.join(dir, "b.md"),
        [
          "[ok](a.md#tracing-opentelemetry) [ok](a.md#set-otel_-up-1) [ok](#here) ![ok](a.md) [web](https://x.test/y)",
          "[gone](missing.md) [no heading](a.md#tracing) [no local heading](#nowhere)",
          "`[code](missing-too.md)`",
          "```",
          "[fenced](missing-three.md)",
          "```",
          "## Here",
        ].join("\n"),
      );
      expect(brokenLinks(dir, ["b.md"])).toEqual([
        "b.md: missing.md (no such file)",
        "b.md: a.md#tracing (no such heading)",
        "b.md: #nowhere (no such heading)",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("start from a README short enough to read: at most 400 lines", () => {
    expect(readFileSync(path.join(root, "README.md"), "utf8").split("\n").length).toBeLessThanOrEqual(400);
  });
});
