import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { findChromium } from "./find-chromium.ts";

let dir: string;
const executable = (name: string, mode = 0o755) => {
  const file = path.join(dir, name);
  writeFileSync(file, "#!/bin/sh\n");
  chmodSync(file, mode);
  return file;
};

beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "find-chromium-"))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("takes CHROME_PATH first, then the older HERALD_CHROMIUM_PATH", () => {
  const chrome = executable("my-chrome");
  const older = executable("older");
  expect(
    findChromium({ env: { CHROME_PATH: chrome, HERALD_CHROMIUM_PATH: older, PATH: dir }, knownLocations: [] }),
  ).toBe(chrome);
  expect(findChromium({ env: { HERALD_CHROMIUM_PATH: older, PATH: dir }, knownLocations: [] })).toBe(older);
});

it("reports none when the named file is not executable, rather than searching elsewhere", () => {
  executable("chromium");
  const plain = executable("plain", 0o644);
  expect(findChromium({ env: { CHROME_PATH: plain, PATH: dir }, knownLocations: [] })).toBeNull();
});

it("finds the usual names on PATH in order: chromium before google-chrome", () => {
  const chrome = executable("google-chrome-stable");
  expect(findChromium({ env: { PATH: `/nonexistent${path.delimiter}${dir}` }, knownLocations: [] })).toBe(chrome);
  const chromium = executable("chromium-browser");
  expect(findChromium({ env: { PATH: dir }, knownLocations: [] })).toBe(chromium);
});

it("falls back to the known install locations, and answers null when there is nothing", () => {
  const installed = executable("Chromium");
  expect(findChromium({ env: { PATH: "" }, knownLocations: [path.join(dir, "missing"), installed] })).toBe(installed);
  expect(findChromium({ env: { PATH: "" }, knownLocations: [path.join(dir, "missing")] })).toBeNull();
});
