export { parseEnv, loadEnvOrExit, EnvError } from "./parse-env.ts";
export {
  commonEnv,
  booleanFlag,
  positiveInt,
  encryptionKeyOf,
  databaseOf,
  redisTargetOf,
  DEVELOPMENT_ENCRYPTION_KEY,
} from "./common-env.ts";
export type { CommonEnv, HostPort } from "./common-env.ts";
export { createLogger } from "./logger.ts";
export type { Logger } from "./logger.ts";
export { DELIVERY_TIMEOUT_MS, SECRET_ROTATION_OVERLAP_MS } from "./defaults.ts";
