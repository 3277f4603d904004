import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { configurationReference } from "@herald/config";
import { apiEnvSchema } from "../apps/api/src/env.ts";
import { workerEnvSchema } from "../apps/worker/src/env.ts";

// `npm run docs:config`: docs/configuration.md from the settings each process declares. With --check it writes
// nothing and exits 1 when the file differs from what it would write (a test runs that).
const COMMAND = "npm run docs:config";
const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../docs/configuration.md");

const reference = configurationReference(
  [
    { process: "API", schema: apiEnvSchema },
    { process: "worker", schema: workerEnvSchema },
  ],
  COMMAND,
);
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
