import type { ComponentChildren } from "preact";
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "./api.ts";
import { href } from "./route.ts";

export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {error instanceof Error ? error.message : String(error)}
    </p>
  );
}

/** The API's message about one field (or a part of it: `events.0`, `headers.X-Key`), shown beside that field. */
export function FieldError({ error, name, id }: { error: unknown; name: string; id: string }) {
  if (!(error instanceof ApiError)) return null;
  const hit = Object.entries(error.fields).find(([field]) => field === name || field.startsWith(`${name}.`));
  if (!hit) return null;
  return (
    <p class="error field-error" id={id}>
      {hit[1]}
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
 * A form's submit handler: runs `save` with the form's fields (and the form,
 * to reset it), keeping its error to show beside the form. One save at a
 * time: a second submit while the first is under way (a double click) is
 * ignored, so it cannot create a thing twice.
 */
export function useFormSubmit(save: (fields: FormData, form: HTMLFormElement) => Promise<void>): {
  submit: (e: SubmitEvent) => Promise<void>;
  error: unknown;
  busy: boolean;
} {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  // A ref, not the state: two clicks in one frame both see the state of before the first.
  const running = useRef(false);
  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    if (running.current) return;
    running.current = true;
    // Taken before the await: an event's currentTarget is null once its dispatch is over.
    const form = e.currentTarget as HTMLFormElement;
    setError(undefined);
    setBusy(true);
    try {
      await save(new FormData(form), form);
    } catch (err) {
      setError(err);
    } finally {
      running.current = false;
      setBusy(false);
    }
  };
  return { submit, error, busy };
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

/** A `datetime-local` input's value (the user's local time) as an ISO 8601 instant; "" stays "". */
export const isoFromLocal = (local: string): string => (local ? new Date(local).toISOString() : "");

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

/** A value the API answers only once (a secret, a key, a link holding a token), and what it is. */
export function ShownOnce({ what, value }: { what: string; value: string | undefined }) {
  if (value === undefined) return null;
  return (
    <p class="secret" role="status">
      {what}: <code>{value}</code> <CopyButton value={value} what={what} />
    </p>
  );
}

/** A button that copies `value` (an id, a body) to the clipboard and says so. */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  // No clipboard (a console served over plain http to another host) says so; the value is on the page to select.
  const copy = () =>
    navigator.clipboard.writeText(value).then(
      () => setCopied("copied"),
      () => setCopied("failed"),
    );
  return (
    <button type="button" class="copy" aria-label={`Copy ${what}`} onClick={copy} onBlur={() => setCopied(null)}>
      {copied === "copied" ? "Copied" : copied === "failed" ? "Copy failed" : "Copy"}
    </button>
  );
}

/**
 * An id in full (UUIDv7 ids begin with the time, so their first characters
 * tell rows apart poorly), in monospace, linking to `to` when given, with a
 * button that copies it (labelled "Copy <what>", else "Copy <the id>").
 */
export function FullId({ id, to, what }: { id: string; to?: string; what?: string }) {
  const text = <code class="id">{id}</code>;
  return (
    <span class="full-id">
      {to ? <a href={to}>{text}</a> : text}
      <CopyButton value={id} what={what ?? id} />
    </span>
  );
}

/** A delivery's id, linking to its page. */
export function DeliveryLink({ id }: { id: string }) {
  return <FullId id={id} to={href("deliveries", id)} />;
}
