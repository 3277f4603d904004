import { jestConfig } from "../../jest.preset.js";
export default jestConfig({ displayName: "api", testTimeout: 60_000 });
