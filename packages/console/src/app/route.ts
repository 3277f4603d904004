import { useEffect, useState } from "preact/hooks";

/** The part of the hash after `#/`, split on `/`: `#/webhooks/abc` → ["webhooks", "abc"]. */
function parse(): string[] {
  return location.hash.replace(/^#\/?/, "").split("?")[0]!.split("/").filter(Boolean).map(decodeURIComponent);
}

/** Hash routing: the server serves one page, and a reload keeps the view. */
export function useRoute(): string[] {
  const [route, setRoute] = useState(parse);
  useEffect(() => {
    const update = () => setRoute(parse());
    addEventListener("hashchange", update);
    return () => removeEventListener("hashchange", update);
  }, []);
  return route;
}

export function href(...parts: string[]): string {
  return `#/${parts.map(encodeURIComponent).join("/")}`;
}
