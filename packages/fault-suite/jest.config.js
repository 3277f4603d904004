import { jestConfig } from "../../jest.preset.js";

// Real processes and throwaway servers: one test file at a time (2-core CI),
// with room for a fault run of a few thousand events.
export default { ...jestConfig({ displayName: "faults", testTimeout: 240_000 }), maxWorkers: 1 };
