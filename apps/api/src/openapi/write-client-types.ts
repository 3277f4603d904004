import { writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createApp } from "../app.ts";
import type { AppDeps } from "../deps.ts";
import { clientTypesSource } from "./client-types.ts";
import { buildOpenApiDocument } from "./document.ts";

// `npm run generate:client`: routes register their operations when the app is
// built, so this builds one over inert dependencies (nothing is called, no
// database or Redis needed) and writes the client's types from the document.
const target = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../../packages/client/src/openapi.ts");

// Any property of it is itself, and calling it returns itself: construction-time
// wiring (logger.child, queue adapters) gets something, and nothing runs.
const inert: unknown = new Proxy(() => undefined, {
  get: (_t, key) => (key === "then" ? undefined : inert),
  apply: () => inert,
});
const deps = {
  db: inert,
  redis: inert,
  deliveryQueues: { partitions: [], count: 0 },
  logger: inert,
  publisher: inert,
  apiKeys: inert,
  config: { bodyLimit: "1mb", adminKey: "x".repeat(20) },
} as unknown as AppDeps;
createApp(deps);
await writeFile(target, await clientTypesSource(buildOpenApiDocument()));
console.log(`wrote ${path.relative(process.cwd(), target)}`);
