// The bearer token lives in sessionStorage only: it goes with the tab, and no
// cookie exists for a cross-site form to ride. The portal keeps its own slot
// so a portal link opened in a tab never inherits an operator's key.

/** /console/portal: the tenant portal, signed in by a `#token=` link only. */
export const isPortal = /\/portal\/?$/.test(location.pathname);

const slot = isPortal ? "herald.portal.token" : "herald.console.token";

export function readToken(): string | null {
  return sessionStorage.getItem(slot);
}

export function saveToken(token: string): void {
  sessionStorage.setItem(slot, token);
}

export function clearToken(): void {
  sessionStorage.removeItem(slot);
}

/**
 * A portal link carries its token in the fragment (never sent to a server);
 * take it, keep it for the tab, and drop it from the address bar and history.
 */
export function adoptFragmentToken(): void {
  const match = /^#token=([^&]+)/.exec(location.hash);
  if (!match?.[1]) return;
  saveToken(decodeURIComponent(match[1]));
  history.replaceState(null, "", `${location.pathname}${location.search}#/webhooks`);
}
