// Shared by every workspace's jest.config.js. ESM all the way (got, and the
// generated Prisma client, are ESM-only), so jest runs with
// NODE_OPTIONS=--experimental-vm-modules; ts-jest only transpiles, and
// `npm run typecheck` (tsc) does the type checking.
export function jestConfig({ displayName, testTimeout = 30_000 } = {}) {
  return {
    displayName,
    testEnvironment: "node",
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
