/**
 * GENERATED FILE: do not edit. The types of the Herald API, made by openapi-typescript
 * from the document the API serves at /openapi.json.
 * Regenerate after changing a route or schema: `npm run generate:client` (repository root).
 */

export interface paths {
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys, newest first */
        get: operations["getApiKeys"];
        put?: never;
        /**
         * Create an API key
         * @description A tenant key with `tenant_id`, an admin key with `admin: true` (neither, or both: 400). The `hk_` key is in this response only; Herald keeps its hash.
         */
        post: operations["postApiKeys"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an API key */
        get: operations["getApiKeysId"];
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description The last active admin key is not revoked (409) unless HERALD_ADMIN_KEY is set: create another admin key first. docs/api-keys.md says how to get back in without one.
         */
        delete: operations["deleteApiKeysId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List audit entries, newest first */
        get: operations["getAuditLogs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-logs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get one audit entry */
        get: operations["getAuditLogsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search deliveries, newest first
         * @description Every field narrows the list; a tenant key sees its own tenant's deliveries to its own webhooks. `since`/`until` bound `created_at` (and let Postgres read only those days' partitions).
         */
        get: operations["getDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a delivery with every attempt */
        get: operations["getDeliveriesId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/event-types": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List event types by name (registered ones and Herald's built-in herald.* types) */
        get: operations["getEventTypes"];
        put?: never;
        /** Register an event type */
        post: operations["postEventTypes"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/event-types/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an event type */
        get: operations["getEventTypesName"];
        put?: never;
        post?: never;
        /** Archive an event type */
        delete: operations["deleteEventTypesName"];
        options?: never;
        head?: never;
        /** Update an event type */
        patch: operations["patchEventTypesName"];
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List events, newest first
         * @description A tenant key sees its own tenant's events; `type` keeps one event type or pattern (`invoice.*`).
         */
        get: operations["getEvents"];
        put?: never;
        /**
         * Publish an event
         * @description Stores the event and one delivery per matching enabled webhook, then enqueues them. An `Idempotency-Key` header (or `id`; both per tenant) seen within 24 h with the same body (type, id and data, compared as JSON) answers like the first request, with `Idempotent-Replayed: true`; with a different body, 409 naming the key (or `id`): the new event is not stored.
         */
        post: operations["postEvents"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get an event with its deliveries
         * @description By the id its publisher gave (or was given). Ids are unique per tenant: a tenant key finds its own event; an admin names `tenant_id` when more than one tenant uses the id.
         */
        get: operations["getEventsId"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/maintenance/purge-expired": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Delete data past retention
         * @description Drops the daily partitions of events, deliveries and attempts that lie wholly before HERALD_RETENTION_DAYS (events that still have a pending delivery are kept), deletes such rows from the default partitions, and deletes expired consent.
         */
        post: operations["postMaintenancePurgeExpired"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/maintenance/rotate-encryption-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-encrypt every webhook secret under a new key
         * @description One transaction; a wrong old_key changes nothing. This API process switches to new_key at once; workers and other API processes keep their configured key until restarted, so set HERALD_ENCRYPTION_KEY to new_key and restart them right after.
         */
        post: operations["postMaintenanceRotateEncryptionKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Deliveries over time
         * @description Per minute or hour: attempts by outcome, their latency (p50, p95, max) and deliveries dead-lettered, counted when they happened. A tenant key or portal sees its own webhooks; an admin every one. Attempts of deliveries created more than two days before `from` are not counted.
         */
        get: operations["getStatsDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List tenants, newest first */
        get: operations["getTenants"];
        put?: never;
        /** Create a tenant */
        post: operations["postTenants"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a tenant */
        get: operations["getTenantsId"];
        put?: never;
        post?: never;
        /**
         * Delete a tenant
         * @description Revokes its API keys and deletes its webhooks (pending deliveries cancelled).
         */
        delete: operations["deleteTenantsId"];
        options?: never;
        head?: never;
        /** Update a tenant */
        patch: operations["patchTenantsId"];
        trace?: never;
    };
    "/api/v1/tenants/{id}/consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List consent records */
        get: operations["getTenantsIdConsent"];
        put?: never;
        /** Grant (or renew) consent */
        post: operations["postTenantsIdConsent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/consent/{purpose}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke consent */
        delete: operations["deleteTenantsIdConsentPurpose"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/portal-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List a tenant's portal sessions, newest first
         * @description Active, expired and revoked; never the links.
         */
        get: operations["getTenantsIdPortalSessions"];
        put?: never;
        /**
         * Mint a tenant portal link
         * @description A signed link to the console scoped to this tenant (its webhooks, deliveries and event types; no keys, tenants or maintenance). Works until it expires, the session is revoked or the tenant is deleted.
         */
        post: operations["postTenantsIdPortalSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tenants/{id}/portal-sessions/{session_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a portal session */
        delete: operations["deleteTenantsIdPortalSessionsSessionId"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhooks, newest first
         * @description Tenant keys see only their tenant's webhooks.
         */
        get: operations["getWebhooks"];
        put?: never;
        /** Create a webhook */
        post: operations["postWebhooks"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook */
        get: operations["getWebhooksId"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook
         * @description Its pending deliveries are cancelled.
         */
        delete: operations["deleteWebhooksId"];
        options?: never;
        head?: never;
        /**
         * Update a webhook
         * @description Any create field. A new `secret` replaces the current one at once and is echoed in this response only.
         */
        patch: operations["patchWebhooksId"];
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A webhook's deliveries */
        get: operations["getWebhooksIdDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/filter/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test an event against a webhook's payload filter
         * @description Says whether `payload`, published, would pass the webhook's filter (or the unsaved `filter` given), evaluated by the same code as fan-out, within one filter's budget. The webhook's event patterns and enabled state are not considered; nothing is stored or delivered.
         */
        post: operations["postWebhooksIdFilterTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-send a webhook's failed deliveries of a time window
         * @description Re-queues the webhook's failed deliveries created in [since, until) with a fresh retry schedule.
         */
        post: operations["postWebhooksIdRecover"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate a webhook's signing secret
         * @description The old secret keeps signing (both signatures are sent) until `previous_secret_expires_at` (24 h by default), then it is dropped. On an `ed25519` webhook this rotates the key pair instead: the answer carries the new `public_key` (no `secret`; a `secret` in the body is refused), and the old private key keeps signing (two `v1a,` signatures) for the same overlap.
         */
        post: operations["postWebhooksIdRotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a signed test event now
         * @description Through the worker's HTTP client; not stored.
         */
        post: operations["postWebhooksIdTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/deliveries/{deliveryId}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Re-queue one delivery */
        post: operations["postWebhooksDeliveriesDeliveryIdRetry"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/deliveries/failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dead-letter queue
         * @description Failed deliveries, newest first, with their webhook and event; filtered as `GET /deliveries` is.
         */
        get: operations["getWebhooksDeliveriesFailed"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/deliveries/retry-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Re-queue every failed delivery, or those matching a filter
         * @description Re-queues the failed deliveries the caller can see whose webhook is enabled, narrowed by the filter fields of the dead-letter queue. With `dry_run: true` it answers how many it would re-queue and changes nothing.
         */
        post: operations["postWebhooksDeliveriesRetryAll"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/deliveries/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery counts by status */
        get: operations["getWebhooksDeliveriesStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Health of up to 100 webhooks
         * @description Enabled state, circuit breaker (from Redis; `unknown` when it does not answer), latest delivery, and attempts over the last 24 h, hour by hour. An id the caller cannot see is a 404 naming its place in the list.
         */
        get: operations["getWebhooksHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's role and tenant */
        get: operations["getWhoami"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readable API reference (HTML) */
        get: operations["getDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Process is up */
        get: operations["getHealthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI document */
        get: operations["getOpenapiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Postgres and Redis reachable */
        get: operations["getReadyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Error: {
            error: {
                /** @description machine-readable, e.g. validation_error, not_found */
                code: string;
                details: ({
                    field?: string;
                    message: string;
                } & {
                    [key: string]: unknown;
                })[];
                message: string;
                request_id?: string;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getApiKeys: {
        parameters: {
            query?: {
                cursor?: string;
                include_revoked?: "true" | "false";
                limit?: number;
                tenant_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page (never the keys) */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        /** Format: uuid */
                        id: string;
                        /** @description first characters of the key, to tell keys apart */
                        key_prefix: string;
                        last_used_at: string | null;
                        name: string;
                        revoked_at: string | null;
                        /** @enum {string} */
                        role: "admin" | "tenant";
                        tenant_id: string | null;
                    }[];
                };
            };
        };
    };
    postApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description `true`: an admin key (every tenant, every operation); give this or `tenant_id` */
                    admin?: boolean;
                    name: string;
                    /** @description scope the key to this tenant (a tenant key); give this or `admin: true` */
                    tenant_id?: string | null;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        /** Format: uuid */
                        id: string;
                        /** @description the key itself: shown only in this response */
                        key: string;
                        /** @description first characters of the key, to tell keys apart */
                        key_prefix: string;
                        last_used_at: string | null;
                        name: string;
                        revoked_at: string | null;
                        /** @enum {string} */
                        role: "admin" | "tenant";
                        tenant_id: string | null;
                    };
                };
            };
        };
    };
    getApiKeysId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the key's record (never the key) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        /** Format: uuid */
                        id: string;
                        /** @description first characters of the key, to tell keys apart */
                        key_prefix: string;
                        last_used_at: string | null;
                        name: string;
                        revoked_at: string | null;
                        /** @enum {string} */
                        role: "admin" | "tenant";
                        tenant_id: string | null;
                    };
                };
            };
        };
    };
    deleteApiKeysId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description revoked; it stops working at once */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getAuditLogs: {
        parameters: {
            query?: {
                /** @description e.g. `webhook.created` */
                action?: string;
                /** @description `admin` or `key:<api key id>` */
                actor_id?: string;
                cursor?: string;
                /** @description ISO 8601, inclusive */
                from?: string;
                limit?: number;
                /** @description e.g. `webhook`, `tenant`, `api_key` */
                resource_type?: string;
                tenant_id?: string;
                /** @description ISO 8601, exclusive */
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        action: string;
                        actor_id: string;
                        changes: unknown | null;
                        /** Format: date-time */
                        created_at: string;
                        /** Format: uuid */
                        id: string;
                        resource_id: string | null;
                        resource_type: string;
                        tenant_id: string | null;
                    }[];
                };
            };
        };
    };
    getAuditLogsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the entry */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        action: string;
                        actor_id: string;
                        changes: unknown | null;
                        /** Format: date-time */
                        created_at: string;
                        /** Format: uuid */
                        id: string;
                        resource_id: string | null;
                        resource_type: string;
                        tenant_id: string | null;
                    };
                };
            };
        };
    };
    getDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description the event's id, as its publisher gave it */
                event_id?: string;
                /** @description an event type or pattern, as webhooks subscribe: `invoice.updated`, `invoice.*`, `*` */
                event_type?: string;
                /** @description the status code of the last attempt's answer */
                http_status?: number;
                limit?: number;
                /** @description created at or after this instant (ISO 8601) */
                since?: string;
                status?: "pending" | "success" | "failed" | "cancelled";
                /** @description the tenant's deliveries to its own webhooks, as its key sees them (a tenant key: only its own) */
                tenant_id?: string;
                /** @description created before this instant (ISO 8601) */
                until?: string;
                webhook_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempt_count: number;
                        completed_at: string | null;
                        /** @description ISO 8601 */
                        created_at: string;
                        /** @description the id the publisher gave, else Herald's; unique within the event's tenant */
                        event_id: string;
                        event_type: string;
                        /** Format: uuid */
                        id: string;
                        last_attempt_at: string | null;
                        last_error: string | null;
                        last_status_code: number | null;
                        next_attempt_at: string | null;
                        /** @enum {string} */
                        status: "pending" | "success" | "failed" | "cancelled";
                        tenant_id: string | null;
                        /** @description ISO 8601 */
                        updated_at: string;
                        /** Format: uuid */
                        webhook_id: string;
                    }[];
                };
            };
        };
    };
    getDeliveriesId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the delivery, why it is held, every attempt as sent */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempt_count: number;
                        attempts: {
                            attempt_number: number;
                            /** @description ISO 8601 */
                            created_at: string;
                            duration_ms: number;
                            error: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description the request as sent; null when none was sent (a refused target) or the attempt predates recording it */
                            request: {
                                /** @description the exact bytes sent: the event's envelope */
                                body: string;
                                /** @description every header sent, by lowercase name; custom header values are shown as "***" */
                                headers: {
                                    [key: string]: string;
                                };
                                /** @constant */
                                method: "POST";
                                url: string;
                            } | null;
                            /** @description first 4 KiB of the answer */
                            response_body: string | null;
                            response_headers: {
                                [key: string]: string;
                            } | null;
                            status_code: number | null;
                        }[];
                        completed_at: string | null;
                        /** @description ISO 8601 */
                        created_at: string;
                        /** @description the body every attempt sends, byte for byte: the event's envelope */
                        envelope: string;
                        /** @description the id the publisher gave, else Herald's; unique within the event's tenant */
                        event_id: string;
                        event_type: string;
                        held: {
                            /** @description fifo_waiting: the head of the line */
                            behind_delivery_id: string | null;
                            /** @description the reason in a sentence */
                            message: string;
                            /**
                             * @description webhook_disabled: waits for the webhook to be enabled; fifo_waiting: behind the head of its FIFO line; circuit_open: the endpoint's circuit is open until its next probe; in_flight_full: max_in_flight requests are under way; rate_limited: the rate limit's window is full; queued: due, waiting for a worker
                             * @enum {string}
                             */
                            reason: "webhook_disabled" | "fifo_waiting" | "circuit_open" | "in_flight_full" | "rate_limited" | "queued";
                            /** @description when the hold ends, when known (circuit_open: the next probe) */
                            until: string | null;
                        } | null;
                        /** Format: uuid */
                        id: string;
                        last_attempt_at: string | null;
                        last_error: string | null;
                        last_status_code: number | null;
                        next_attempt_at: string | null;
                        /** @enum {string} */
                        status: "pending" | "success" | "failed" | "cancelled";
                        tenant_id: string | null;
                        /** @description ISO 8601 */
                        updated_at: string;
                        /** Format: uuid */
                        webhook_id: string;
                    };
                };
            };
        };
    };
    getEventTypes: {
        parameters: {
            query?: {
                /** @description only Herald's operational event types (true) or only registered ones (false); both when absent */
                built_in?: "true" | "false";
                /** @description the last name of the previous page (X-Next-Cursor) */
                cursor?: string;
                include_archived?: "true" | "false";
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page, alphabetical */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        archived: boolean;
                        /** @description one of Herald's operational events (herald.*): listed here, never changed or archived */
                        built_in: boolean;
                        /** Format: date-time */
                        created_at: string;
                        description: string | null;
                        name: string;
                        schema: {
                            [key: string]: unknown;
                        } | null;
                        /** Format: date-time */
                        updated_at: string;
                    }[];
                };
            };
        };
    };
    postEventTypes: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    name: string;
                    schema?: {
                        [key: string]: unknown;
                    } | null;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description registered */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        archived: boolean;
                        /** @description one of Herald's operational events (herald.*): listed here, never changed or archived */
                        built_in: boolean;
                        /** Format: date-time */
                        created_at: string;
                        description: string | null;
                        name: string;
                        schema: {
                            [key: string]: unknown;
                        } | null;
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    getEventTypesName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the event type */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        archived: boolean;
                        /** @description one of Herald's operational events (herald.*): listed here, never changed or archived */
                        built_in: boolean;
                        /** Format: date-time */
                        created_at: string;
                        description: string | null;
                        name: string;
                        schema: {
                            [key: string]: unknown;
                        } | null;
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    deleteEventTypesName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description archived */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchEventTypesName: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                name: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    schema?: {
                        [key: string]: unknown;
                    } | null;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the updated type */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        archived: boolean;
                        /** @description one of Herald's operational events (herald.*): listed here, never changed or archived */
                        built_in: boolean;
                        /** Format: date-time */
                        created_at: string;
                        description: string | null;
                        name: string;
                        schema: {
                            [key: string]: unknown;
                        } | null;
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    getEvents: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                /** @description created at or after this instant (ISO 8601) */
                since?: string;
                /** @description only this tenant's events (a tenant key: only its own) */
                tenant_id?: string;
                /** @description only events of this type or pattern, as webhooks subscribe: `invoice.updated`, `invoice.*`, `*` */
                type?: string;
                /** @description created before this instant (ISO 8601) */
                until?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description ISO 8601 */
                        created_at: string;
                        data: {
                            [key: string]: unknown;
                        };
                        /** @description the id the publisher gave, else Herald's; unique within the event's tenant */
                        id: string;
                        tenant_id: string | null;
                        type: string;
                    }[];
                };
            };
        };
    };
    postEvents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    data: {
                        [key: string]: unknown;
                    };
                    /** @description your id for the event, unique within its tenant (or among global events); generated when omitted */
                    id?: string;
                    tenant_id?: string | null;
                    type: string;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description accepted */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description deliveries created, one per matching enabled webhook */
                        deliveries: number;
                        id: string;
                    };
                };
            };
        };
    };
    getEventsId: {
        parameters: {
            query?: {
                /** @description the event's tenant, or `global`; an admin names it when more than one tenant uses the id (else 409) */
                tenant_id?: string | "global";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the event */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description ISO 8601 */
                        created_at: string;
                        data: {
                            [key: string]: unknown;
                        };
                        deliveries: {
                            attempt_count: number;
                            completed_at: string | null;
                            /** @description ISO 8601 */
                            created_at: string;
                            /** @description the id the publisher gave, else Herald's; unique within the event's tenant */
                            event_id: string;
                            /** Format: uuid */
                            id: string;
                            last_attempt_at: string | null;
                            last_error: string | null;
                            last_status_code: number | null;
                            next_attempt_at: string | null;
                            /** @enum {string} */
                            status: "pending" | "success" | "failed" | "cancelled";
                            tenant_id: string | null;
                            /** @description ISO 8601 */
                            updated_at: string;
                            /** Format: uuid */
                            webhook_id: string;
                        }[];
                        /** @description the body every delivery of the event sends, byte for byte */
                        envelope: string;
                        /** @description the id the publisher gave, else Herald's; unique within the event's tenant */
                        id: string;
                        tenant_id: string | null;
                        type: string;
                    };
                };
            };
        };
    };
    postMaintenancePurgeExpired: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description what was deleted */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempts_deleted: number;
                        consents_deleted: number;
                        /** Format: date-time */
                        cutoff: string;
                        deliveries_deleted: number;
                        events_deleted: number;
                        /** @description events past the cutoff kept for their pending deliveries */
                        events_kept: number;
                        /** @description partitions dropped whole (events_p20261120, ...) */
                        partitions_dropped: string[];
                        retention_days: number;
                    };
                };
            };
        };
    };
    postMaintenanceRotateEncryptionKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description the key to seal them with from now on */
                    new_key: string;
                    /** @description the key the secrets are sealed with now (HERALD_ENCRYPTION_KEY) */
                    old_key: string;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description rotated */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        message: string;
                        /** @constant */
                        restart_required: true;
                        /** @description sealed values re-encrypted (current + previous secrets, current + previous ed25519 private keys) */
                        secrets_rotated: number;
                        /** @description webhooks whose secret(s) were re-encrypted */
                        webhooks_rotated: number;
                    };
                };
            };
        };
    };
    getStatsDeliveries: {
        parameters: {
            query?: {
                bucket?: "minute" | "hour";
                /** @description start (ISO 8601); default: an hour before `to` (minute buckets) or a day (hour buckets) */
                from?: string;
                /** @description end, exclusive (ISO 8601); default now */
                to?: string;
                /** @description one webhook only */
                webhook_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the series */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        bucket: "minute" | "hour";
                        /** Format: date-time */
                        from: string;
                        /** @description every bucket of the range, oldest first, empty ones with zeros; at most 1440 */
                        series: {
                            attempts: number;
                            /** @description deliveries that ran out of retries in this bucket, counted even if replayed since */
                            dead_lettered: number;
                            /** @description attempts that failed (non-2xx, timeout, connection error) */
                            failed: number;
                            /** @description attempt durations; null in a bucket without attempts */
                            latency_ms: {
                                max: number | null;
                                p50: number | null;
                                p95: number | null;
                            };
                            /** Format: date-time */
                            start: string;
                            /** @description attempts answered 2xx */
                            succeeded: number;
                        }[];
                        /** Format: date-time */
                        to: string;
                    };
                };
            };
        };
    };
    getTenants: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        /** Format: uuid */
                        id: string;
                        metadata: {
                            [key: string]: unknown;
                        } | null;
                        name: string;
                        notification_email: string | null;
                        /** Format: date-time */
                        updated_at: string;
                    }[];
                };
            };
        };
    };
    postTenants: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    metadata?: {
                        [key: string]: unknown;
                    } | null;
                    name: string;
                    /** @description where dead-letter notices go */
                    notification_email?: string | null;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description created */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        /** Format: uuid */
                        id: string;
                        metadata: {
                            [key: string]: unknown;
                        } | null;
                        name: string;
                        notification_email: string | null;
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    getTenantsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the tenant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        /** Format: uuid */
                        id: string;
                        metadata: {
                            [key: string]: unknown;
                        } | null;
                        name: string;
                        notification_email: string | null;
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    deleteTenantsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchTenantsId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    metadata?: {
                        [key: string]: unknown;
                    } | null;
                    name?: string;
                    /** @description where dead-letter notices go */
                    notification_email?: string | null;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the updated tenant */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        /** Format: uuid */
                        id: string;
                        metadata: {
                            [key: string]: unknown;
                        } | null;
                        name: string;
                        notification_email: string | null;
                        /** Format: date-time */
                        updated_at: string;
                    };
                };
            };
        };
    };
    getTenantsIdConsent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description every record, expired ones with active=false */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false once expires_at has passed */
                        active: boolean;
                        expires_at: string | null;
                        /** Format: date-time */
                        granted_at: string;
                        /** @description actor id of the key that granted it */
                        granted_by: string;
                        /** Format: uuid */
                        id: string;
                        purpose: string;
                        /** Format: uuid */
                        tenant_id: string;
                    }[];
                };
            };
        };
    };
    postTenantsIdConsent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description absent or null: does not expire */
                    expires_at?: string | null;
                    /** @description what the consent covers, e.g. `marketing_emails` */
                    purpose: string;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the consent record */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description false once expires_at has passed */
                        active: boolean;
                        expires_at: string | null;
                        /** Format: date-time */
                        granted_at: string;
                        /** @description actor id of the key that granted it */
                        granted_by: string;
                        /** Format: uuid */
                        id: string;
                        purpose: string;
                        /** Format: uuid */
                        tenant_id: string;
                    };
                };
            };
        };
    };
    deleteTenantsIdConsentPurpose: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                /** @description what the consent covers, e.g. `marketing_emails` */
                purpose: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description revoked */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getTenantsIdPortalSessions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description the tenant */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description how the portal looks for this link; null = Herald's own look */
                        branding: {
                            dark_mode?: boolean;
                            logo_url?: string;
                            primary_color?: string;
                            title?: string;
                        } | null;
                        /** Format: date-time */
                        created_at: string;
                        /** @description actor id of who minted it */
                        created_by: string;
                        /** Format: date-time */
                        expires_at: string;
                        /** Format: uuid */
                        id: string;
                        revoked_at: string | null;
                        /** Format: uuid */
                        tenant_id: string;
                    }[];
                };
            };
        };
    };
    postTenantsIdPortalSessions: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description how the portal looks for this link */
                    branding?: {
                        /** @description dark colours */
                        dark_mode?: boolean;
                        /** @description an https image shown beside the title; the portal page's CSP allows images from its origin only */
                        logo_url?: string;
                        /** @description the accent of links and buttons */
                        primary_color?: string;
                        /** @description shown as the portal's heading and page title, as text */
                        title?: string;
                    };
                    /** @description how long the link works (default 3600) */
                    ttl_seconds?: number;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the link, shown once */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        branding: {
                            dark_mode?: boolean;
                            logo_url?: string;
                            primary_color?: string;
                            title?: string;
                        } | null;
                        /** Format: date-time */
                        created_at: string;
                        /** Format: date-time */
                        expires_at: string;
                        /** Format: uuid */
                        id: string;
                        /** Format: uuid */
                        tenant_id: string;
                        /**
                         * Format: uri
                         * @description the console scoped to the tenant; the token is in the fragment, so it never reaches a server log. Shown once.
                         */
                        url: string;
                    };
                };
            };
            /** @description `not_configured`: NODE_ENV=production and HERALD_PUBLIC_URL is not set; no session is made */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    deleteTenantsIdPortalSessionsSessionId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description the tenant */
                id: string;
                session_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description revoked; its link is refused from the next request on */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getWebhooks: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                tenant_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        description: string | null;
                        disabled_at: string | null;
                        disabled_reason: string | null;
                        enabled: boolean;
                        events: string[];
                        /** @enum {string} */
                        fifo_on_failure: "skip" | "block";
                        /** @description payload filter; null = every event of its patterns */
                        filter: {
                            [key: string]: unknown;
                        } | null;
                        /** @description the custom headers' names, each with the value "***": values are write-only */
                        headers: {
                            [key: string]: "***";
                        } | null;
                        /** Format: uuid */
                        id: string;
                        max_in_flight: number | null;
                        notification_email: string | null;
                        /** @enum {string} */
                        ordering: "unordered" | "fifo";
                        /** @description ed25519 only: `whpk_` + base64 of the raw 32-byte Ed25519 public key that verifies the `v1a,` signatures; null for hmac-sha256 */
                        public_key: string | null;
                        rate_limit: number | null;
                        /** @enum {string} */
                        signature_scheme: "hmac-sha256" | "ed25519";
                        tenant_id: string | null;
                        /** Format: date-time */
                        updated_at: string;
                        url: string;
                    }[];
                };
            };
        };
    };
    postWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    enabled?: boolean;
                    /** @description exact types (`invoice.updated`), service wildcards (`invoice.*`) or `*` (every type but Herald's own `herald.*` operational events, which are subscribed to by name or `herald.*`) */
                    events: string | string[];
                    /**
                     * @description a FIFO line whose head is dead-lettered moves on (skip) or waits until the head is retried and succeeds (block)
                     * @enum {string}
                     */
                    fifo_on_failure?: "skip" | "block";
                    filter?: {
                        [key: string]: unknown;
                    } | null;
                    headers?: {
                        [key: string]: string;
                    } | null;
                    /** @description requests under way at once to this endpoint, across all workers; null = unlimited (a FIFO endpoint has one) */
                    max_in_flight?: number | null;
                    notification_email?: string | null;
                    /**
                     * @description fifo: one delivery at a time, in the order the events were accepted (docs/deliveries.md says what that promises)
                     * @enum {string}
                     */
                    ordering?: "unordered" | "fifo";
                    /** @description deliveries per second; null = unlimited */
                    rate_limit?: number | null;
                    /** @description signing secret; generated (`whsec_...`) when omitted */
                    secret?: string;
                    /**
                     * @description `hmac-sha256` (default): `v1,` signatures with the secret. `ed25519`: `v1a,` signatures with a key pair Herald generates; verify with `public_key`
                     * @enum {string}
                     */
                    signature_scheme?: "hmac-sha256" | "ed25519";
                    /** @description owning tenant; null or absent for a global webhook (admin only) */
                    tenant_id?: string | null;
                    /** @description https endpoint (http only with HERALD_ALLOW_HTTP) */
                    url: string;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description created; `secret` is shown only here */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        description: string | null;
                        disabled_at: string | null;
                        disabled_reason: string | null;
                        enabled: boolean;
                        events: string[];
                        /** @enum {string} */
                        fifo_on_failure: "skip" | "block";
                        /** @description payload filter; null = every event of its patterns */
                        filter: {
                            [key: string]: unknown;
                        } | null;
                        /** @description the custom headers' names, each with the value "***": values are write-only */
                        headers: {
                            [key: string]: "***";
                        } | null;
                        /** Format: uuid */
                        id: string;
                        max_in_flight: number | null;
                        notification_email: string | null;
                        /** @enum {string} */
                        ordering: "unordered" | "fifo";
                        /** @description ed25519 only: `whpk_` + base64 of the raw 32-byte Ed25519 public key that verifies the `v1a,` signatures; null for hmac-sha256 */
                        public_key: string | null;
                        rate_limit: number | null;
                        /** @description the HMAC secret, shown only in this response (an ed25519 webhook keeps one too, for a switch back to hmac-sha256) */
                        secret: string;
                        /** @enum {string} */
                        signature_scheme: "hmac-sha256" | "ed25519";
                        tenant_id: string | null;
                        /** Format: date-time */
                        updated_at: string;
                        url: string;
                    };
                };
            };
        };
    };
    getWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        description: string | null;
                        disabled_at: string | null;
                        disabled_reason: string | null;
                        enabled: boolean;
                        events: string[];
                        /** @enum {string} */
                        fifo_on_failure: "skip" | "block";
                        /** @description payload filter; null = every event of its patterns */
                        filter: {
                            [key: string]: unknown;
                        } | null;
                        /** @description the custom headers' names, each with the value "***": values are write-only */
                        headers: {
                            [key: string]: "***";
                        } | null;
                        /** Format: uuid */
                        id: string;
                        max_in_flight: number | null;
                        notification_email: string | null;
                        /** @enum {string} */
                        ordering: "unordered" | "fifo";
                        /** @description ed25519 only: `whpk_` + base64 of the raw 32-byte Ed25519 public key that verifies the `v1a,` signatures; null for hmac-sha256 */
                        public_key: string | null;
                        rate_limit: number | null;
                        /** @enum {string} */
                        signature_scheme: "hmac-sha256" | "ed25519";
                        tenant_id: string | null;
                        /** Format: date-time */
                        updated_at: string;
                        url: string;
                    };
                };
            };
        };
    };
    deleteWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    patchWebhooksId: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    description?: string | null;
                    enabled?: boolean;
                    /** @description exact types (`invoice.updated`), service wildcards (`invoice.*`) or `*` (every type but Herald's own `herald.*` operational events, which are subscribed to by name or `herald.*`) */
                    events?: string | string[];
                    /**
                     * @description a FIFO line whose head is dead-lettered moves on (skip) or waits until the head is retried and succeeds (block)
                     * @enum {string}
                     */
                    fifo_on_failure?: "skip" | "block";
                    filter?: {
                        [key: string]: unknown;
                    } | null;
                    headers?: {
                        [key: string]: string | null;
                    } | null;
                    /** @description requests under way at once to this endpoint, across all workers; null = unlimited (a FIFO endpoint has one) */
                    max_in_flight?: number | null;
                    notification_email?: string | null;
                    /**
                     * @description fifo: one delivery at a time, in the order the events were accepted (docs/deliveries.md says what that promises)
                     * @enum {string}
                     */
                    ordering?: "unordered" | "fifo";
                    /** @description deliveries per second; null = unlimited */
                    rate_limit?: number | null;
                    /** @description signing secret; generated (`whsec_...`) when omitted */
                    secret?: string;
                    /**
                     * @description `hmac-sha256` (default): `v1,` signatures with the secret. `ed25519`: `v1a,` signatures with a key pair Herald generates; verify with `public_key`
                     * @enum {string}
                     */
                    signature_scheme?: "hmac-sha256" | "ed25519";
                    /** @description fixed at creation: only the current value is accepted; any other is a 409 (the webhook's delivery history stays with its tenant), create a new webhook instead */
                    tenant_id?: string | null;
                    /** @description https endpoint (http only with HERALD_ALLOW_HTTP) */
                    url?: string;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the updated webhook */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        description: string | null;
                        disabled_at: string | null;
                        disabled_reason: string | null;
                        enabled: boolean;
                        events: string[];
                        /** @enum {string} */
                        fifo_on_failure: "skip" | "block";
                        /** @description payload filter; null = every event of its patterns */
                        filter: {
                            [key: string]: unknown;
                        } | null;
                        /** @description the custom headers' names, each with the value "***": values are write-only */
                        headers: {
                            [key: string]: "***";
                        } | null;
                        /** Format: uuid */
                        id: string;
                        max_in_flight: number | null;
                        notification_email: string | null;
                        /** @enum {string} */
                        ordering: "unordered" | "fifo";
                        /** @description ed25519 only: `whpk_` + base64 of the raw 32-byte Ed25519 public key that verifies the `v1a,` signatures; null for hmac-sha256 */
                        public_key: string | null;
                        rate_limit: number | null;
                        /** @description the HMAC secret, shown only in this response (an ed25519 webhook keeps one too, for a switch back to hmac-sha256) */
                        secret?: string;
                        /** @enum {string} */
                        signature_scheme: "hmac-sha256" | "ed25519";
                        tenant_id: string | null;
                        /** Format: date-time */
                        updated_at: string;
                        url: string;
                    };
                };
            };
        };
    };
    getWebhooksIdDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
                status?: "pending" | "success" | "failed" | "cancelled";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempt_count: number;
                        completed_at: string | null;
                        /** @description ISO 8601 */
                        created_at: string;
                        /** @description the id the publisher gave, else Herald's; unique within the event's tenant */
                        event_id: string;
                        event_type: string;
                        /** Format: uuid */
                        id: string;
                        last_attempt_at: string | null;
                        last_error: string | null;
                        last_status_code: number | null;
                        next_attempt_at: string | null;
                        /** @enum {string} */
                        status: "pending" | "success" | "failed" | "cancelled";
                        tenant_id: string | null;
                        /** @description ISO 8601 */
                        updated_at: string;
                        /** Format: uuid */
                        webhook_id: string;
                    }[];
                };
            };
        };
    };
    postWebhooksIdFilterTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description a filter to try instead of the webhook's saved one (not saved) */
                    filter?: {
                        [key: string]: unknown;
                    };
                    /** @description the event as it would be published (POST /api/v1/events); nothing is stored */
                    payload: {
                        data: {
                            [key: string]: unknown;
                        };
                        /** @description your id for the event, unique within its tenant (or among global events); generated when omitted */
                        id?: string;
                        tenant_id?: string | null;
                        type: string;
                    };
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description whether it matches */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description the filter examined its budget of values before deciding, so the event passes (docs/payload-filters.md: cost limits) */
                        budget_exhausted: boolean;
                        /** @description whether the event's envelope passes the filter (true when there is none) */
                        matches: boolean;
                    };
                };
            };
        };
    };
    postWebhooksIdRecover: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /**
                     * Format: date-time
                     * @description re-queue failed deliveries created at or after this instant
                     */
                    since: string;
                    /**
                     * Format: date-time
                     * @description ... and before this one (default: now)
                     */
                    until?: string;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description how many were re-queued */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description failed deliveries re-queued */
                        recovered: number;
                    };
                };
            };
        };
    };
    postWebhooksIdRotateSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @description the new secret; generated (`whsec_...`) when omitted. hmac-sha256 webhooks only: an ed25519 webhook's key pair is always generated */
                    secret?: string;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the webhook and its new secret (shown only here) or, for ed25519, its new public key */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        created_at: string;
                        description: string | null;
                        disabled_at: string | null;
                        disabled_reason: string | null;
                        enabled: boolean;
                        events: string[];
                        /** @enum {string} */
                        fifo_on_failure: "skip" | "block";
                        /** @description payload filter; null = every event of its patterns */
                        filter: {
                            [key: string]: unknown;
                        } | null;
                        /** @description the custom headers' names, each with the value "***": values are write-only */
                        headers: {
                            [key: string]: "***";
                        } | null;
                        /** Format: uuid */
                        id: string;
                        max_in_flight: number | null;
                        notification_email: string | null;
                        /** @enum {string} */
                        ordering: "unordered" | "fifo";
                        /**
                         * Format: date-time
                         * @description until then deliveries carry signatures with both the old and the new secret (ed25519: private key)
                         */
                        previous_secret_expires_at: string;
                        /** @description ed25519 only: `whpk_` + base64 of the raw 32-byte Ed25519 public key that verifies the `v1a,` signatures; null for hmac-sha256 */
                        public_key: string | null;
                        rate_limit: number | null;
                        /** @description hmac-sha256: the new secret, shown only in this response (absent for ed25519: its new `public_key` is the answer) */
                        secret?: string;
                        /** @enum {string} */
                        signature_scheme: "hmac-sha256" | "ed25519";
                        tenant_id: string | null;
                        /** Format: date-time */
                        updated_at: string;
                        url: string;
                    };
                };
            };
        };
    };
    postWebhooksIdTest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    data?: {
                        [key: string]: unknown;
                    };
                    /** @default ping */
                    event?: string;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the outcome */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        duration_ms: number;
                        error?: string;
                        /** @description the start of the receiver's answer, as an attempt keeps it; null without one */
                        response_body: string | null;
                        response_code: number | null;
                        /** @description the receiver's answer headers; null without one */
                        response_headers: {
                            [key: string]: string;
                        } | null;
                        success: boolean;
                    };
                };
            };
        };
    };
    postWebhooksDeliveriesDeliveryIdRetry: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description queued */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        success: true;
                    };
                };
            };
        };
    };
    getWebhooksDeliveriesFailed: {
        parameters: {
            query?: {
                cursor?: string;
                /** @description the event's id, as its publisher gave it */
                event_id?: string;
                /** @description an event type or pattern, as webhooks subscribe: `invoice.updated`, `invoice.*`, `*` */
                event_type?: string;
                /** @description the status code of the last attempt's answer */
                http_status?: number;
                limit?: number;
                /** @description created at or after this instant (ISO 8601) */
                since?: string;
                /** @description the tenant's deliveries to its own webhooks, as its key sees them (a tenant key: only its own) */
                tenant_id?: string;
                /** @description created before this instant (ISO 8601) */
                until?: string;
                webhook_id?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description a page */
            200: {
                headers: {
                    /** @description the next page as `<url>; rel="next"` */
                    link?: string;
                    /** @description cursor of the next page, absent on the last page */
                    "x-next-cursor"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        attempt_count: number;
                        completed_at: string | null;
                        /** @description ISO 8601 */
                        created_at: string;
                        event: {
                            /** @description ISO 8601 */
                            created_at: string;
                            data: {
                                [key: string]: unknown;
                            };
                            /** @description the id the publisher gave, else Herald's; unique within the event's tenant */
                            id: string;
                            tenant_id: string | null;
                            type: string;
                        };
                        /** @description the id the publisher gave, else Herald's; unique within the event's tenant */
                        event_id: string;
                        event_type: string;
                        /** Format: uuid */
                        id: string;
                        last_attempt_at: string | null;
                        last_error: string | null;
                        last_status_code: number | null;
                        next_attempt_at: string | null;
                        /** @enum {string} */
                        status: "pending" | "success" | "failed" | "cancelled";
                        tenant_id: string | null;
                        /** @description ISO 8601 */
                        updated_at: string;
                        webhook: {
                            deleted: boolean;
                            description: string | null;
                            enabled: boolean;
                            /** Format: uuid */
                            id: string;
                            tenant_id: string | null;
                            url: string;
                        };
                        /** Format: uuid */
                        webhook_id: string;
                    }[];
                };
            };
        };
    };
    postWebhooksDeliveriesRetryAll: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /**
                     * @description answer how many would be retried, changing nothing
                     * @default false
                     */
                    dry_run?: boolean;
                    /** @description the event's id, as its publisher gave it */
                    event_id?: string;
                    /** @description an event type or pattern, as webhooks subscribe: `invoice.updated`, `invoice.*`, `*` */
                    event_type?: string;
                    /** @description the status code of the last attempt's answer */
                    http_status?: number;
                    /** @description created at or after this instant (ISO 8601) */
                    since?: string;
                    /**
                     * Format: uuid
                     * @description the tenant's deliveries to its own webhooks, as its key sees them (a tenant key: only its own)
                     */
                    tenant_id?: string;
                    /** @description created before this instant (ISO 8601) */
                    until?: string;
                    /** Format: uuid */
                    webhook_id?: string;
                };
            };
        };
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description how many were (with dry_run: would be) re-queued */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        dry_run: boolean;
                        retried: number;
                    };
                };
            };
        };
    };
    getWebhooksDeliveriesStats: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description counts */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        cancelled: number;
                        failed: number;
                        pending: number;
                        success: number;
                        total: number;
                    };
                };
            };
        };
    };
    getWebhooksHealth: {
        parameters: {
            query: {
                /** @description 1 to 100 webhook ids, comma-separated */
                ids: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description one entry per id, in the order given */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        data: {
                            attempts: {
                                failed: number;
                                succeeded: number;
                                total: number;
                            };
                            circuit: {
                                consecutive_failures: number | null;
                                /** @description open: wait until the next probe; half_open: 0 (the next delivery probes) */
                                next_probe_in_ms: number | null;
                                /**
                                 * @description unknown when Redis did not answer
                                 * @enum {string}
                                 */
                                state: "closed" | "open" | "half_open" | "unknown";
                            };
                            disabled_reason: string | null;
                            enabled: boolean;
                            /** @description 24 hours, oldest first, empty hours included */
                            hourly: {
                                failed: number;
                                /** Format: date-time */
                                start: string;
                                succeeded: number;
                            }[];
                            last_delivery: {
                                /** Format: date-time */
                                created_at: string;
                                event_type: string;
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                status: "pending" | "success" | "failed" | "cancelled";
                            } | null;
                            /** @description succeeded / total attempts in the window; null without attempts */
                            success_rate: number | null;
                            /** Format: uuid */
                            webhook_id: string;
                            window: {
                                /** Format: date-time */
                                from: string;
                                /** Format: date-time */
                                to: string;
                            };
                        }[];
                    };
                };
            };
        };
    };
    getWhoami: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description the principal */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description portal sessions only: the look chosen when the link was minted; null = Herald's own */
                        branding?: {
                            dark_mode?: boolean;
                            logo_url?: string;
                            primary_color?: string;
                            title?: string;
                        } | null;
                        /**
                         * Format: date-time
                         * @description portal sessions only: when the link stops working
                         */
                        expires_at?: string;
                        /** @enum {string} */
                        role: "admin" | "tenant" | "portal";
                        tenant_id: string | null;
                        /** @description portal sessions only: the tenant's name, for the portal to show */
                        tenant_name?: string;
                    };
                };
            };
        };
    };
    getDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description HTML page */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getHealthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description `{status: ok}` */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getOpenapiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description OpenAPI 3.1 JSON */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getReadyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description error */
            "4XX": {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description ready */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description a dependency is down */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
