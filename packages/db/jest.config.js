import { jestConfig } from "../../jest.preset.js";
export default jestConfig({ displayName: "db", testTimeout: 120_000 });
