import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

export interface ConsoleAssets {
  js: string;
  css: string;
  uplotCss: string;
}

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../app");
const require = createRequire(import.meta.url);

async function buildAssets(): Promise<ConsoleAssets> {
  const result = await build({
    entryPoints: [path.join(appDir, "main.tsx")],
    bundle: true,
    write: false,
    minify: true,
    format: "iife",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    legalComments: "none",
    logLevel: "silent",
  });
  const [js] = result.outputFiles;
  if (!js) throw new Error("the console bundle came out empty");
  return {
    js: js.text,
    css: await readFile(path.join(appDir, "app.css"), "utf8"),
    uplotCss: await readFile(require.resolve("uplot/dist/uPlot.min.css"), "utf8"),
  };
}

let built: Promise<ConsoleAssets> | undefined;

/**
 * The console's bundle, built in memory by esbuild on first need and kept for
 * the life of the process: `npm start` and the Docker image need no build step.
 * A failed build is not kept, so the next request tries again.
 */
export function consoleAssets(): Promise<ConsoleAssets> {
  built ??= buildAssets().catch((error: unknown) => {
    built = undefined;
    throw error;
  });
  return built;
}
