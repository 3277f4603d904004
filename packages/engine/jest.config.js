import { jestConfig } from "../../jest.preset.js";
export default jestConfig({ displayName: "engine", testTimeout: 120_000 });
