import { useState } from "preact/hooks";

export function SignIn({ onSignIn }: { onSignIn: (key: string) => void }) {
  const [key, setKey] = useState("");
  return (
    <main class="narrow">
      <h1>Herald console</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (key.trim()) onSignIn(key.trim());
        }}
      >
        <label for="api-key">API key (admin or tenant)</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          value={key}
          onInput={(e) => setKey(e.currentTarget.value)}
          required
        />
        <p class="muted">
          Kept in this tab only (sessionStorage) and sent as a bearer token; closing the tab forgets it.
        </p>
        <button type="submit">Sign in</button>
      </form>
    </main>
  );
}

/** The portal signs in only through a link; without one (or with a dead one) there is nothing to show. */
export function PortalRefused() {
  return (
    <main class="narrow">
      <h1>This portal link is not valid</h1>
      <p role="alert">The link has expired or was revoked. Ask for a new one.</p>
    </main>
  );
}
