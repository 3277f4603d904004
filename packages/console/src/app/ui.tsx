import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useState } from "preact/hooks";

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

export interface Loaded<T> {
  data?: T;
  error?: unknown;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change (and on reload()), keeping the last answer or error. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => live && setState({ data, loading: false }),
      (error: unknown) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; `deps` say when its inputs changed.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/**
 * A button that runs an action once at a time and shows its error beside it.
 * With `confirm`, the first press only asks (in the page, not a browser dialog).
 */
export function Action({
  label,
  run,
  confirm: question,
  kind,
}: {
  label: string;
  run: () => Promise<void>;
  confirm?: string;
  kind?: "danger";
}) {
  const [busy, setBusy] = useState(false);
  const [armed, setArmed] = useState(false);
  const [error, setError] = useState<unknown>();
  const click = async () => {
    if (question && !armed) {
      setArmed(true);
      return;
    }
    setArmed(false);
    setBusy(true);
    setError(undefined);
    try {
      await run();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <span class="action">
      <button type="button" class={kind} disabled={busy} onClick={click}>
        {armed ? `${question} Yes, ${label.toLowerCase()}` : label}
      </button>
      {armed && (
        <button type="button" onClick={() => setArmed(false)}>
          Cancel
        </button>
      )}
      <ErrorNote error={error} />
    </span>
  );
}

/** Cursor paging: the API hands out the next cursor; earlier ones are kept to step back. */
export function usePager(): {
  cursor?: string;
  back: () => void;
  forward: (next: string) => void;
  first: () => void;
  page: number;
} {
  const [stack, setStack] = useState<string[]>([]);
  return {
    cursor: stack[stack.length - 1],
    page: stack.length + 1,
    back: () => setStack((s) => s.slice(0, -1)),
    forward: (next) => setStack((s) => [...s, next]),
    first: () => setStack([]),
  };
}

export function Pager({ pager, next }: { pager: ReturnType<typeof usePager>; next?: string | null }) {
  return (
    <nav class="pager" aria-label="pages">
      <button type="button" disabled={pager.page === 1} onClick={pager.back}>
        Previous page
      </button>
      <span>Page {pager.page}</span>
      <button type="button" disabled={!next} onClick={() => next && pager.forward(next)}>
        Next page
      </button>
    </nav>
  );
}

export function When({ at }: { at: string | null | undefined }) {
  if (!at) return <span class="muted">never</span>;
  return <time dateTime={at}>{new Date(at).toLocaleString()}</time>;
}

export function Badge({ tone, children }: { tone: "good" | "bad" | "warn" | "info"; children: ComponentChildren }) {
  return <span class={`badge ${tone}`}>{children}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const tone = status === "success" ? "good" : status === "failed" ? "bad" : status === "pending" ? "info" : "warn";
  return <Badge tone={tone}>{status}</Badge>;
}

export function Json({ value }: { value: unknown }) {
  return <pre class="json">{JSON.stringify(value, null, 2)}</pre>;
}
