import { accessSync, constants, statSync } from "node:fs";
import path from "node:path";

/** Names a Chromium or Chrome install puts on PATH, most likely first. */
const namesOnPath = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/**
 * Where the usual installs put the browser when PATH does not name it: Debian's
 * package, and the macOS apps (`brew install --cask chromium`, Google Chrome).
 */
export const knownChromiumLocations: readonly string[] = [
  "/usr/bin/chromium",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];

/** The variable that names the browser explicitly (HERALD_CHROMIUM_PATH is its older name, still honoured). */
export function chromiumFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env.CHROME_PATH || env.HERALD_CHROMIUM_PATH || undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The Chromium/Chrome binary the browser tests drive: CHROME_PATH (or
 * HERALD_CHROMIUM_PATH) when set, else the first of the usual names on PATH,
 * else a known install location; null when there is none. A variable naming
 * a file that is not executable counts as none, so the caller can say so.
 */
export function findChromium({ env = process.env, knownLocations = knownChromiumLocations } = {}): string | null {
  const named = chromiumFromEnv(env);
  if (named) return isExecutableFile(named) ? named : null;
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of namesOnPath) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutableFile(candidate)) return candidate;
    }
  }
  return knownLocations.find(isExecutableFile) ?? null;
}
