import type { HeraldClient } from "@herald/client";
import { ApiError, ok } from "./api.ts";
import { isPortal } from "./session.ts";

export interface Branding {
  title?: string;
  primary_color?: string;
  logo_url?: string;
  dark_mode?: boolean;
}

export interface Principal {
  admin: boolean;
  portal: boolean;
  tenantId: string | null;
  /** Portal only: the tenant's name and the link's look. */
  tenantName?: string;
  branding?: Branding | null;
}

/**
 * What the token may do, so the console only offers that. A bad token throws
 * (401); so does an operator key on the portal page, which is for portal
 * links only, and a portal token on the operator console.
 */
export async function whoAmI(client: HeraldClient): Promise<Principal> {
  const { data } = await ok(client.GET("/api/v1/whoami"));
  const portal = data.role === "portal";
  if (portal !== isPortal)
    throw new ApiError(
      403,
      "wrong_page",
      portal ? "A portal link opens /console/portal, not the console." : "The portal page takes portal links only.",
    );
  return {
    admin: data.role === "admin",
    portal,
    tenantId: data.tenant_id,
    tenantName: data.tenant_name,
    branding: data.branding,
  };
}
