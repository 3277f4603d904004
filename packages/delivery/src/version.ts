import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { version } = require("../package.json") as { version: string };

/** Sent as `user-agent: Herald/<version>` so receivers can recognise Herald. */
export const USER_AGENT = `Herald/${version}`;
