import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./openapi.ts";

export type { components, operations, paths } from "./openapi.ts";

export type HeraldClient = Client<paths>;

export interface HeraldClientOptions {
  /** Origin of the Herald API, e.g. `http://localhost:3000` (paths already start with /api/v1). */
  baseUrl: string;
  /** An `hk_` key, the admin key or a portal token; sent as `Authorization: Bearer`. */
  apiKey?: string;
  /** Another fetch (tests, instrumentation); defaults to the global one. */
  fetch?: typeof globalThis.fetch;
}

/** A typed client of the Herald API: every path, parameter and body comes from its OpenAPI document. */
export function createHeraldClient({ baseUrl, apiKey, fetch }: HeraldClientOptions): HeraldClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ""),
    ...(fetch ? { fetch } : {}),
    ...(apiKey ? { headers: { authorization: `Bearer ${apiKey}` } } : {}),
  });
}
