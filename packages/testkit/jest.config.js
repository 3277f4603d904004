import { jestConfig } from "../../jest.preset.js";
export default jestConfig({ displayName: "testkit", testTimeout: 120_000 });
