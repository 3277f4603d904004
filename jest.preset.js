// Shared by every workspace's jest.config.js. ESM all the way (got, and the
// generated Prisma client, are ESM-only), so jest runs with
// NODE_OPTIONS=--experimental-vm-modules; ts-jest only transpiles, and
// `npm run typecheck` (tsc) does the type checking.
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = path.dirname(fileURLToPath(import.meta.url));

// The publishable packages (@herald/signing, @herald/client) export their
// built dist/ to the world; inside the repo tsconfig.base.json's `paths` sends
// their imports to src/ (tsc, tsx, esbuild, knip read it), and so does jest.
function sourcePaths() {
  const { config } = ts.readConfigFile(path.join(root, "tsconfig.base.json"), ts.sys.readFile);
  const paths = config.compilerOptions.paths ?? {};
  return Object.fromEntries(Object.entries(paths).map(([name, [target]]) => [`^${name}$`, path.join(root, target)]));
}

export function jestConfig({ displayName, testTimeout = 30_000 } = {}) {
  return {
    displayName,
    testEnvironment: "node",
    moduleNameMapper: sourcePaths(),
    extensionsToTreatAsEsm: [".ts"],
    transform: {
      "^.+\\.ts$": [
        "ts-jest",
        {
          useESM: true,
          diagnostics: false,
          tsconfig: {
            isolatedModules: true,
            allowImportingTsExtensions: true,
            noEmit: true,
            module: "ESNext",
            moduleResolution: "Bundler",
            target: "ES2023",
            esModuleInterop: true,
          },
        },
      ],
    },
    testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/test/**/*.test.ts"],
    testPathIgnorePatterns: ["/node_modules/", "/generated/"],
    testTimeout,
  };
}
