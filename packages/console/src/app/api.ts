import { createHeraldClient, type HeraldClient, type paths } from "@herald/client";

export type Webhook = paths["/api/v1/webhooks/{id}"]["get"]["responses"][200]["content"]["application/json"];
export type WebhookCreate = NonNullable<
  paths["/api/v1/webhooks"]["post"]["requestBody"]
>["content"]["application/json"];
export type DeliveryDetail = paths["/api/v1/deliveries/{id}"]["get"]["responses"][200]["content"]["application/json"];

/** An error answer of the API, with its code and what it says about each field it names (for the form to show there). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

let onUnauthorized: () => void = () => undefined;

/** What to do when the token stops working (expired, revoked): back to sign-in. */
export function whenUnauthorized(handler: () => void): void {
  onUnauthorized = handler;
}

export function clientFor(token: string): HeraldClient {
  return createHeraldClient({ baseUrl: location.origin, apiKey: token });
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Unwraps an openapi-fetch answer: the data, or an ApiError carrying the API's message. */
export async function ok<T>(call: Promise<Answer<T>>): Promise<{ data: T; next: string | null }> {
  const { data, error, response } = await call;
  if (response.ok) return { data: data as T, next: response.headers.get("x-next-cursor") };
  if (response.status === 401) onUnauthorized();
  const body = (error ?? {}) as {
    error?: { code?: string; message?: string; details?: { field?: string; message: string }[] };
  };
  const details = (body.error?.details ?? []).map((d) => (d.field ? `${d.field}: ${d.message}` : d.message)).join("; ");
  const message = body.error?.message ?? `HTTP ${response.status}`;
  const fields: Record<string, string> = {};
  for (const d of body.error?.details ?? []) if (d.field) fields[d.field] ??= d.message;
  throw new ApiError(
    response.status,
    body.error?.code ?? "http_error",
    details ? `${message} (${details})` : message,
    fields,
  );
}
