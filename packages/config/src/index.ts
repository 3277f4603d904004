export { parseEnv, loadEnvOrExit, EnvError } from "./parse-env.ts";
export { commonEnv, encryptionKeyOf, databaseOf, redisTargetOf, DEVELOPMENT_ENCRYPTION_KEY } from "./common-env.ts";
export type { CommonEnv } from "./common-env.ts";
export {
  setting,
  count,
  durationMs,
  days,
  bytes,
  port,
  ratio,
  flag,
  oneOf,
  url,
  text,
  deprecationWarnings,
} from "./setting.ts";
export type { HostPort, Kind } from "./setting.ts";
export { configurationReference } from "./configuration-reference.ts";
export type { ProcessSettings } from "./configuration-reference.ts";
export { createLogger } from "./logger.ts";
export type { Logger } from "./logger.ts";
