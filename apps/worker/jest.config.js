import { jestConfig } from "../../jest.preset.js";
export default jestConfig({ displayName: "worker", testTimeout: 60_000 });
