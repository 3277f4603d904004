import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configurationReference } from "@herald/config";
import { apiEnvSchema } from "../apps/api/src/env.ts";
import { workerEnvSchema } from "../apps/worker/src/env.ts";

// `npm run docs:config`: docs/configuration.md from the settings each process declares, laid out by biome as
// `npm run check` wants it. With --check it writes nothing and exits 1 when the file differs from what it would
// write (a test runs that).
const COMMAND = "npm run docs:config";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, "docs/configuration.md");

const rendered = configurationReference(
  [
    { process: "API", schema: apiEnvSchema },
    { process: "worker", schema: workerEnvSchema },
  ],
  COMMAND,
);
const biome = spawnSync(path.join(root, "node_modules/.bin/biome"), ["format", `--stdin-file-path=${target}`], {
  cwd: root,
  input: rendered,
  encoding: "utf8",
});
if (biome.status !== 0) throw new Error(`biome could not format the reference: ${biome.stderr}`);
const reference = biome.stdout;
if (process.argv.includes("--check")) {
  const committed = await readFile(target, "utf8").catch(() => "");
  if (committed !== reference) {
    process.stderr.write(`docs/configuration.md is stale: run \`${COMMAND}\` and commit the file\n`);
    process.exit(1);
  }
} else {
  await writeFile(target, reference);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
