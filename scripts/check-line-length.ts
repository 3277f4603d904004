import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// `npm run check` runs this: no hand-written line is over 160 characters, so every file reads
// without side-scrolling in an editor or a review. Biome wraps code at 120 but never splits a
// string, so long messages and descriptions are the lines this catches.
const MAX_CHARACTERS = 160;

// Not written by hand (migrations, generated code, the lockfile, the client's OpenAPI types
// from `npm run generate:client`) or not code (prose, data, SQL, images).
const NOT_HAND_WRITTEN = [
  /migrations\//,
  /generated/,
  /package-lock/,
  /\.(md|json|sql|png)$/,
  /^packages\/client\/src\/openapi\.ts$/,
];

const root = fileURLToPath(new URL("..", import.meta.url));
const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0").filter(Boolean);

const tooLong: string[] = [];
for (const file of tracked) {
  if (NOT_HAND_WRITTEN.some((pattern) => pattern.test(file))) continue;
  const lines = readFileSync(`${root}/${file}`, "utf8").split("\n");
  lines.forEach((line, index) => {
    // Counted in characters (code points), as an editor shows them, not in UTF-16 units.
    const characters = [...line].length;
    if (characters > MAX_CHARACTERS) tooLong.push(`${file}:${index + 1}: ${characters} characters`);
  });
}

if (tooLong.length > 0) {
  console.error(`Lines over ${MAX_CHARACTERS} characters (split long strings into concatenated parts):`);
  for (const entry of tooLong) console.error(`  ${entry}`);
  process.exitCode = 1;
}
