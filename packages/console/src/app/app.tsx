import type { HeraldClient } from "@herald/client";
import { useEffect, useMemo, useState } from "preact/hooks";
import { clientFor, whenUnauthorized } from "./api.ts";
import { Brand, useBranding } from "./branding.tsx";
import { AuditPage } from "./pages/audit.tsx";
import { ChartsPage } from "./pages/charts.tsx";
import { DeliveriesPage } from "./pages/deliveries.tsx";
import { DeliveryPage } from "./pages/delivery.tsx";
import { DlqPage } from "./pages/dlq.tsx";
import { EventTypesPage } from "./pages/event-types.tsx";
import { EventsPage } from "./pages/events.tsx";
import { KeysPage } from "./pages/keys.tsx";
import { PortalRefused, SignIn } from "./pages/sign-in.tsx";
import { TenantsPage } from "./pages/tenants.tsx";
import { WebhookPage } from "./pages/webhook.tsx";
import { WebhooksPage } from "./pages/webhooks.tsx";
import { type Principal, whoAmI } from "./principal.ts";
import { href, useRoute } from "./route.ts";
import { clearToken, isPortal, readToken, saveToken } from "./session.ts";
import { ErrorNote } from "./ui.tsx";

export interface PageProps {
  client: HeraldClient;
  principal: Principal;
}

function Nav({ principal, signOut }: { principal: Principal; signOut: () => void }) {
  const links: [string, string, boolean][] = [
    ["webhooks", "Webhooks", true],
    ["deliveries", "Deliveries", true],
    ["dlq", "Dead letters", true],
    ["charts", "Charts", true],
    ["events", "Events", true],
    ["event-types", "Event types", true],
    ["audit", "Audit log", !principal.portal],
    ["tenants", "Tenants", principal.admin],
    ["api-keys", "API keys", principal.admin],
  ];
  return (
    <header class="top">
      <Brand principal={principal} />
      <nav aria-label="sections">
        {links
          .filter(([, , shown]) => shown)
          .map(([path, label]) => (
            <a href={href(path)} key={path}>
              {label}
            </a>
          ))}
      </nav>
      {!principal.portal && (
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      )}
    </header>
  );
}

function Page({ route, props }: { route: string[]; props: PageProps }) {
  const [section = "webhooks", id, scope] = route;
  const admin = props.principal.admin;
  switch (section) {
    case "webhooks":
      return id ? <WebhookPage {...props} id={id} /> : <WebhooksPage {...props} />;
    case "deliveries":
      return id ? <DeliveryPage {...props} id={id} /> : <DeliveriesPage {...props} />;
    case "dlq":
      return <DlqPage {...props} />;
    case "charts":
      return <ChartsPage {...props} />;
    case "events":
      return <EventsPage {...props} id={id} scope={scope} />;
    case "event-types":
      return <EventTypesPage {...props} />;
    case "audit":
      if (!props.principal.portal) return <AuditPage {...props} />;
      break;
    case "tenants":
      if (admin) return <TenantsPage {...props} />;
      break;
    case "api-keys":
      if (admin) return <KeysPage {...props} />;
      break;
  }
  return (
    <main>
      <h1>Not available</h1>
      <p>This page does not exist or needs other rights.</p>
    </main>
  );
}

export function App() {
  const [token, setToken] = useState(readToken);
  const [principal, setPrincipal] = useState<Principal>();
  const [error, setError] = useState<unknown>();
  const route = useRoute();
  const client = useMemo(() => (token ? clientFor(token) : undefined), [token]);
  const signOut = () => {
    clearToken();
    setPrincipal(undefined);
    setToken(null);
  };
  useEffect(() => whenUnauthorized(signOut), []);
  useBranding(principal?.branding);
  useEffect(() => {
    if (!client) return;
    setError(undefined);
    whoAmI(client).then(setPrincipal, setError);
  }, [client]);

  if (!token || !client) {
    if (isPortal) return <PortalRefused />;
    return (
      <SignIn
        onSignIn={(key) => {
          saveToken(key);
          setToken(key);
        }}
      />
    );
  }
  if (!principal) return <main>{error ? <ErrorNote error={error} /> : <p>Loading…</p>}</main>;
  return (
    <>
      <Nav principal={principal} signOut={signOut} />
      <Page route={route} props={{ client, principal }} />
    </>
  );
}
