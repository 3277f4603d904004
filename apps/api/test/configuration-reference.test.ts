import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

// docs/configuration.md is rendered from the settings' declarations; a setting added or changed
// without re-running the generator would leave users reading a stale reference.
describe("docs/configuration.md", () => {
  it("is what `npm run docs:config` renders from the settings' declarations", () => {
    const out = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/write-configuration-reference.ts", "--check"],
      {
        cwd: root,
        env: { PATH: process.env.PATH ?? "" },
        encoding: "utf8",
        timeout: 20_000,
      },
    );
    expect({ status: out.status, stderr: out.stderr }).toEqual({ status: 0, stderr: "" });
  });
});
