import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { freePort, type HeraldProcess, spawnHerald, startRedisServer, type ThrowawayRedis } from "@herald/testkit";

// @herald/signing and @herald/client as a customer gets them: packed by
// `npm pack` (which builds them), installed from the tarballs in a scratch
// project outside the repository, and run by plain `node` (no tsx, no
// TypeScript) against a real Herald API and worker.
const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const fixtures = path.join(here, "packed-consumer");

/** The environment without npm's lifecycle variables (npm_config_*: a nested npm would act on the repo) or jest's NODE_OPTIONS. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== "NODE_OPTIONS"),
  );
}

let scratch: string;
let database: TestDatabase;
let redis: ThrowawayRedis;
const processes: HeraldProcess[] = [];
const adminKey = `packed-admin-${randomBytes(16).toString("hex")}`;
let apiUrl: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "herald-packed-"));
  const packed = await run(
    "npm",
    ["pack", "-w", "@herald/signing", "-w", "@herald/client", "--pack-destination", scratch, "--json"],
    { cwd: repo, env: cleanEnv(), maxBuffer: 16 * 1024 * 1024 },
  );
  const tarballs = (JSON.parse(packed.stdout) as { filename: string }[]).map((t) => `./${t.filename}`);
  expect(tarballs).toEqual(["./herald-signing-0.1.0.tgz", "./herald-client-0.1.0.tgz"]);
  await writeFile(
    path.join(scratch, "package.json"),
    JSON.stringify({ name: "packed-consumer", private: true, type: "module" }),
  );
  // openapi-fetch comes from npm's cache (filled by the repo's npm ci), the registry only when it is missing.
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...tarballs], {
    cwd: scratch,
    env: cleanEnv(),
  });
  await copyFile(path.join(fixtures, "receive-and-publish.mjs"), path.join(scratch, "receive-and-publish.mjs"));
  await copyFile(path.join(fixtures, "typed-consumer.mts"), path.join(scratch, "typed-consumer.mts"));

  [database, redis] = await Promise.all([createTestDatabase("packed_tarballs"), startRedisServer()]);
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  const common = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    HERALD_QUEUE_PREFIX: "herald-packed",
    HERALD_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
    HERALD_ALLOW_HTTP: "true",
    HERALD_ALLOW_PRIVATE_TARGETS: "true",
  };
  processes.push(
    await spawnHerald("api", { ...common, PORT: String(port), HOST: "127.0.0.1", HERALD_ADMIN_KEY: adminKey }),
    await spawnHerald("worker", common),
  );
}, 180_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()));
  await Promise.allSettled([database?.drop(), redis?.destroy()]);
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it("holds only the built files, a README, the licence and package.json in each tarball", async () => {
  const listed = async (file: string) =>
    (await run("tar", ["-tzf", file], { cwd: scratch })).stdout.split("\n").filter(Boolean).sort();
  expect(await listed("herald-signing-0.1.0.tgz")).toEqual([
    "package/LICENSE",
    "package/README.md",
    "package/dist/ed25519.d.ts",
    "package/dist/ed25519.js",
    "package/dist/generate-secret.d.ts",
    "package/dist/generate-secret.js",
    "package/dist/index.d.ts",
    "package/dist/index.js",
    "package/dist/safe-equal.d.ts",
    "package/dist/safe-equal.js",
    "package/dist/secret-key.d.ts",
    "package/dist/secret-key.js",
    "package/dist/sign.d.ts",
    "package/dist/sign.js",
    "package/dist/verify.d.ts",
    "package/dist/verify.js",
    "package/package.json",
  ]);
  expect(await listed("herald-client-0.1.0.tgz")).toEqual([
    "package/LICENSE",
    "package/README.md",
    "package/dist/index.d.ts",
    "package/dist/index.js",
    "package/dist/openapi.d.ts",
    "package/dist/openapi.js",
    "package/package.json",
  ]);
  const installed = JSON.parse(await readFile(path.join(scratch, "node_modules/@herald/client/package.json"), "utf8"));
  expect(installed).toMatchObject({ license: "MIT", dependencies: { "openapi-fetch": "^0.17.0" } });
  expect(installed.private).toBeUndefined();
});

it("publishes through the installed client and verifies the delivery with the installed signing, under plain node", async () => {
  const result = await run(process.execPath, ["receive-and-publish.mjs"], {
    cwd: scratch,
    env: { ...cleanEnv(), HERALD_URL: apiUrl, HERALD_API_KEY: adminKey },
  }).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(`the consumer failed: ${error.message}\n${error.stdout ?? ""}${error.stderr ?? ""}`);
  });
  expect(result.stdout.trim().split("\n")).toEqual([
    `@herald/client from ${scratch}/node_modules/@herald/client/dist/index.js`,
    `@herald/signing from ${scratch}/node_modules/@herald/signing/dist/index.js`,
    "webhook created: 201",
    "published: 202, deliveries 1",
    "with another secret: no_matching_signature",
    'verified: order.paid {"order":"ord_42"}',
  ]);
}, 60_000);

/** The ```js examples of a package's README, each written to the scratch project as a module of its own. */
async function readmeExamples(pkg: "client" | "signing"): Promise<string[]> {
  const readme = await readFile(path.join(repo, "packages", pkg, "README.md"), "utf8");
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return Promise.all(
    blocks.map(async (code, i) => {
      const file = `readme-${pkg}-${i + 1}.mjs`;
      await writeFile(path.join(scratch, file), i === 0 ? code : `${blocks.slice(0, i).join("\n")}\n${code}`);
      return file;
    }),
  );
}

it("type-checks a TypeScript consumer and the READMEs' examples against the installed .d.ts files", async () => {
  const examples = [...(await readmeExamples("client")), ...(await readmeExamples("signing"))];
  expect(examples).toEqual(["readme-client-1.mjs", "readme-client-2.mjs", "readme-signing-1.mjs"]);
  await writeFile(
    path.join(scratch, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        module: "NodeNext",
        moduleResolution: "NodeNext",
        target: "ES2022",
        strict: true,
        noEmit: true,
        // Herald's .d.ts files are still resolved and used: typed-consumer.mts's @ts-expect-error lines fail on `any`.
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [path.join(repo, "node_modules/@types")],
        allowJs: true,
        checkJs: true,
      },
      files: ["typed-consumer.mts", ...examples],
    }),
  );
  const tsc = path.join(repo, "node_modules/typescript/bin/tsc");
  const checked = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: scratch, env: cleanEnv() }).catch(
    (error: { stdout?: string; message: string }) => {
      throw new Error(`tsc failed on the consumer: ${error.message}\n${error.stdout ?? ""}`);
    },
  );
  expect(checked.stdout).toBe("");
}, 60_000);
