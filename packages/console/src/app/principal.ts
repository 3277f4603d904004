import type { HeraldClient } from "@herald/client";
import { ApiError, ok } from "./api.ts";
import { isPortal } from "./session.ts";

export interface Principal {
  admin: boolean;
  portal: boolean;
}

/**
 * What the token may do, so the console only offers that: listing tenants is
 * admin-only, so its answer tells an admin key from a tenant key. A portal
 * token is a tenant's without admin powers. A bad token throws (401).
 */
export async function whoAmI(client: HeraldClient): Promise<Principal> {
  if (isPortal) {
    await ok(client.GET("/api/v1/webhooks", { params: { query: { limit: 1 } } }));
    return { admin: false, portal: true };
  }
  try {
    await ok(client.GET("/api/v1/tenants", { params: { query: { limit: 1 } } }));
    return { admin: true, portal: false };
  } catch (error) {
    if (error instanceof ApiError && error.status === 403) return { admin: false, portal: false };
    throw error;
  }
}
