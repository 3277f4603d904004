import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@herald/db/testing";
import { freePort } from "@herald/testkit";
import { Redis } from "ioredis";
import { startTerminal, type Terminal } from "./helpers/shell-process.ts";
import { TEST_REDIS_URL } from "./helpers/test-app.ts";

// The README's `## Your first webhook`, run as a newcomer runs it: its code blocks in order, each
// `# Terminal N` block typed into terminal N (one bash each, so `cd` and `export` carry over), each
// `// <file>` block saved as that file where it is run. Nothing is rewritten but the two ports: Herald's
// 3000 and the receiver's 4000 become free ones, so the test cannot collide with a server already there.
// Herald gets a database and Redis key prefix of its own from the environment, as `npm run dev` reads them.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

interface Block {
  lang: string;
  code: string;
}

function firstWebhookBlocks(markdown: string): Block[] {
  const start = markdown.indexOf("\n## Your first webhook\n");
  const end = markdown.indexOf("\n## ", start + 1);
  if (start < 0 || end < 0) throw new Error("README.md has no `## Your first webhook` section followed by another");
  const section = markdown.slice(start, end);
  return [...section.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map(([, lang, code]) => ({ lang: lang!, code: code! }));
}

let database: TestDatabase;
let scratch: string;
let prefix: string;
let apiPort: number;
let receiverPort: number;
const terminals = new Map<string, Terminal>();

beforeAll(async () => {
  database = await createTestDatabase("readme");
  scratch = mkdtempSync(path.join(tmpdir(), "herald-readme-"));
  apiPort = await freePort();
  do receiverPort = await freePort();
  while (receiverPort === apiPort);
  prefix = `herald-test-readme-${apiPort}`;
});
afterAll(async () => {
  for (const terminal of terminals.values()) await terminal.stop();
  await database?.drop();
  const redis = new Redis(TEST_REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Terminal 1 is where Herald runs (the herald folder); the others start in a folder outside it. */
function terminal(name: string): Terminal {
  let open = terminals.get(name);
  if (!open) {
    const user = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      // npm as a user has it, minus its chatter; the package comes from npm's cache when it is there.
      npm_config_prefer_offline: "true",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
    };
    const herald = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      HERALD_QUEUE_PREFIX: prefix,
      PORT: String(apiPort),
      HOST: "127.0.0.1",
    };
    open =
      name === "1"
        ? startTerminal(name, { cwd: root, env: { ...user, ...herald } })
        : startTerminal(name, { cwd: scratch, env: { ...user, PORT: String(receiverPort) } });
    terminals.set(name, open);
  }
  return open;
}

function withOurPorts(code: string): string {
  return code
    .replaceAll("127.0.0.1:3000", `127.0.0.1:${apiPort}`)
    .replaceAll("127.0.0.1:4000", `127.0.0.1:${receiverPort}`);
}

it("takes a newcomer from `npm run dev` to a verified delivery at their own receiver", async () => {
  const blocks = firstWebhookBlocks(readFileSync(path.join(root, "README.md"), "utf8"));
  const outputs = new Map<string, string>();
  for (const [i, block] of blocks.entries()) {
    if (block.lang === "text") continue; // what the reader should see, checked below
    const file = /^\/\/ ([\w.-]+)\n/.exec(block.code)?.[1];
    if (file) {
      // Saved where the block that runs it is typed (the README says: in that folder).
      const runner = blocks.slice(i).find((later) => later.lang === "sh" && later.code.includes(file));
      const name = runner && /^# Terminal (\d+)/.exec(runner.code)?.[1];
      if (!name) throw new Error(`README: no later block runs ${file}`);
      const { output: cwd } = await terminal(name).run("pwd");
      writeFileSync(path.join(cwd.trim(), file), block.code);
      continue;
    }
    const name = /^# Terminal (\d+)/.exec(block.code)?.[1];
    if (block.lang !== "sh" || !name)
      throw new Error(`README block ${i} is neither a file nor a "# Terminal N" sh block`);
    const code = withOurPorts(block.code);
    const shell = terminal(name);
    if (code.includes("npm run dev")) {
      shell.type(code);
      await shell.waitFor(`Herald API listening on http://127.0.0.1:${apiPort}`, 240_000);
      await shell.waitFor("Herald worker started", 240_000);
    } else if (/^node \S+\.mjs$/m.test(code)) {
      shell.type(code);
      await shell.waitFor(`receiver listening on http://127.0.0.1:${receiverPort}`, 60_000);
    } else {
      const ran = await shell.run(code);
      expect({ block: code, status: ran.status }).toEqual({ block: code, status: 0 });
      outputs.set(code, ran.output);
    }
  }

  const answerTo = (route: string) => {
    const [, output] = [...outputs].find(([code]) => code.includes(route)) ?? [];
    if (output === undefined) throw new Error(`README: no block calls ${route}`);
    return JSON.parse(output);
  };
  expect(answerTo("/api/v1/webhooks")).toMatchObject({
    url: `http://127.0.0.1:${receiverPort}/`,
    events: ["invoice.*"],
    enabled: true,
    secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  });
  expect(answerTo("/api/v1/events")).toEqual({ id: expect.any(String), deliveries: 1 });

  const receiver = terminal("2");
  await receiver.waitFor('verified invoice.paid {"amount":4200,"invoice":"inv_1"}', 120_000);
  expect(receiver.output()).not.toContain("refused:");

  // Step 5: the console the README sends them to is there.
  const console = await fetch(`http://127.0.0.1:${apiPort}/console`);
  expect(console.status).toBe(200);
}, 900_000);
