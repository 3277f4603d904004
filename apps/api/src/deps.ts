import type { Db } from "@herald/db";
import type { RedisClient } from "@herald/queue";
import type { DeliveryQueues } from "@herald/engine";
import type { Telemetry } from "@herald/telemetry";
import type { Logger } from "@herald/config";
import type { Principal } from "./middleware/authenticate.ts";
import type { ApiKeyCache } from "./middleware/api-key-cache.ts";
import type { PublishBatcher } from "@herald/engine";

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
  config: AppConfig;
  /** Present when tracing is on (an OTLP endpoint is set): a server span per request, spans per publish batch. */
  telemetry?: Telemetry;
}

export interface AppConfig {
  adminKey?: string;
  encryptionKey: string;
  queuePrefix: string;
  bodyLimit: string;
  /** Request body bytes one tenant may have in processing at once (HERALD_TENANT_BYTES_IN_FLIGHT; tenant-share.ts). */
  tenantBytesInFlight?: number;
  /** Request body bytes one tenant may start per second (HERALD_TENANT_BYTES_PER_SECOND; tenant-share.ts). */
  tenantBytesPerSecond?: number;
  allowHttp: boolean;
  allowPrivateTargets: boolean;
  maxWebhooksPerTenant: number;
  /** Days events, deliveries and attempts are kept (POST /maintenance/purge-expired). */
  retentionDays: number;
  /** Unknown event types, or data failing the type's JSON Schema, are refused with 422. */
  strictEventTypes: boolean;
  /** HTTP timeout of a test send (`POST /webhooks/:id/test`), as the worker's. */
  deliveryTimeoutMs: number;
  /** How long a rotated-out secret still signs (default 24 h). */
  secretRotationOverlapMs?: number;
  /** When set, GET /metrics needs it as a bearer token. */
  metricsToken?: string;
  /** Origins that may frame the tenant portal (/console/portal); empty = none. */
  portalFrameAncestors?: string[];
  /** Origin of portal links (HERALD_PUBLIC_URL); else the address the request reached (see portal-url.ts). */
  publicUrl?: string;
  /** NODE_ENV=production: without publicUrl, portal links are refused rather than pointed at an internal address. */
  requirePublicUrl?: boolean;
}

/** What every service function takes first: the app's dependencies and who is calling (`(ctx, input)`). */
export interface Ctx {
  deps: AppDeps;
  principal: Principal;
}
