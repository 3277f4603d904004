// One logger factory for both apps, in @herald/config.
export { createLogger } from "@herald/config";
export type { Logger } from "@herald/config";
