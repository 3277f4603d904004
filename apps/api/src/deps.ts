import type { WebhookClient } from "@herald/delivery";
import type { Db } from "@herald/db";
import type { RedisClient } from "@herald/queue";
import type { DeliveryQueues, PublishBatcher } from "@herald/engine";
import type { Telemetry } from "@herald/telemetry";
import type { Logger } from "@herald/config";
import type { Principal } from "./middleware/authenticate.ts";
import type { ApiKeyCache } from "./middleware/api-key-cache.ts";
import type { AppConfig } from "./env.ts";

export type { AppConfig };

/** Everything the API needs from outside; tests build their own. */
export interface AppDeps {
  db: Db;
  /** Producer connection: fails fast while Redis is down. */
  redis: RedisClient;
  /** Producer of delivery jobs (one queue per partition), over `redis`. */
  deliveryQueues: DeliveryQueues;
  logger: Logger;
  /** Group commit of publishes (one statement and one addBulk per batch). */
  publisher: PublishBatcher;
  /** hk_ key lookups, kept at most a second (see api-key-cache.ts). */
  apiKeys: ApiKeyCache;
  /** The settings the routes and services read, parsed from the environment (env.ts). */
  config: AppConfig;
  /** The signed HTTP sender of test sends: the worker's client (SSRF guard, timeout), closed on shutdown. */
  webhookClient: WebhookClient;
  /** Present when tracing is on (an OTLP endpoint is set): a server span per request, spans per publish batch. */
  telemetry?: Telemetry;
}

/** What every service function takes first: the app's dependencies and who is calling (`(ctx, input)`). */
export interface Ctx {
  deps: AppDeps;
  principal: Principal;
}
