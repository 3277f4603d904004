// The npm registry reachable from Herald's build machines serves only the
// platform packages of Linux, so `npm install` leaves the darwin/windows
// optional binaries (turbo, esbuild, ...) out of package-lock.json and
// `npm ci` then refuses the lock as out of sync. This adds those entries back
// as optional, platform-tagged stubs: npm ci skips them on Linux exactly as it
// skips a complete entry for another platform, and other machines fetch them
// from their registry. Runs as the root postinstall; a no-op when complete.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;

function platformOf(name) {
  const n = name.toLowerCase();
  const os = /darwin|macos/.test(n)
    ? ["darwin"]
    : /win32|windows/.test(n)
      ? ["win32"]
      : /freebsd/.test(n)
        ? ["freebsd"]
        : /openbsd/.test(n)
          ? ["openbsd"]
          : /netbsd/.test(n)
            ? ["netbsd"]
            : /sunos/.test(n)
              ? ["sunos"]
              : /aix/.test(n)
                ? ["aix"]
                : /android/.test(n)
                  ? ["android"]
                  : /linux/.test(n)
                    ? ["linux"]
                    : /wasm|wasi/.test(n)
                      ? undefined
                      : undefined;
  const cpu = /arm64|aarch64/.test(n)
    ? ["arm64"]
    : /x64|amd64|x86_64|-64$/.test(n)
      ? ["x64"]
      : /ia32|x86/.test(n)
        ? ["ia32"]
        : /arm/.test(n)
          ? ["arm"]
          : /riscv64/.test(n)
            ? ["riscv64"]
            : /ppc64/.test(n)
              ? ["ppc64"]
              : /s390x/.test(n)
                ? ["s390x"]
                : /loong64/.test(n)
                  ? ["loong64"]
                  : undefined;
  return { os, cpu };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    if (packages[base] || packages[`node_modules/${dep}`]) continue;
    const { os, cpu } = platformOf(dep);
    packages[`node_modules/${dep}`] = {
      version: String(version).replace(/^[\^~=]/, ""),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...(os ? { os } : {}),
      ...(cpu ? { cpu } : {}),
    };
    added++;
  }
}
if (added === 0) process.exit(0);
const sorted = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))),
);
lock.packages = sorted;
writeFileSync(file, JSON.stringify(lock, null, 2) + "\n");
console.log(`complete-lockfile: added ${added} platform stub(s)`);
