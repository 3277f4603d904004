import { useEffect } from "preact/hooks";
import type { Branding, Principal } from "./principal.ts";

/**
 * A portal link's look: its colour becomes the accent (set through the CSSOM, which the CSP's style-src allows,
 * never as markup), dark mode a class on the root, its title the document's title. The API validated each value
 * (a colour is exactly #rrggbb); the colour is checked again here before it reaches a style.
 */
export function useBranding(branding: Branding | null | undefined): void {
  useEffect(() => {
    const root = document.documentElement;
    const color = branding?.primary_color;
    if (color && /^#[0-9a-f]{6}$/i.test(color)) root.style.setProperty("--accent", color);
    root.classList.toggle("dark", branding?.dark_mode === true);
    if (branding?.title) document.title = branding.title;
    return () => {
      root.style.removeProperty("--accent");
      root.classList.remove("dark");
    };
  }, [branding]);
}

/** The top bar's name: the console, or the portal's title (Webhooks portal by default), logo and tenant. */
export function Brand({ principal }: { principal: Principal }) {
  if (!principal.portal) return <strong class="brand">Herald console</strong>;
  const { branding, tenantName } = principal;
  const logo = branding?.logo_url?.startsWith("https://") ? branding.logo_url : undefined;
  return (
    <span class="brand">
      {logo && <img class="logo" src={logo} alt="" referrerpolicy="no-referrer" />}
      <strong>{branding?.title ?? "Webhooks portal"}</strong>
      {tenantName && <span class="tenant-name"> · {tenantName}</span>}
    </span>
  );
}
