import { createHeraldClient, type HeraldClient as Api, type paths } from "@herald/client";
import { Pool } from "undici";

type CreateWebhookBody = paths["/api/v1/webhooks"]["post"]["requestBody"]["content"]["application/json"];

/**
 * The calls the bench makes, through @herald/client (typed from the API's own
 * document), to Herald and to the naive app (no key: it has no auth).
 */
export class HeraldClient {
  private readonly pool: Pool;
  private readonly api: Api;
  constructor(origin: string, adminKey: string | null, connections = 64) {
    // Node's fetch takes an undici dispatcher: every call rides this pool's kept-alive
    // connections, at most `connections` of them, as the publishers did before the client.
    const pool = new Pool(origin, { connections, pipelining: 1 });
    this.pool = pool;
    this.api = createHeraldClient({
      baseUrl: origin,
      ...(adminKey === null ? {} : { apiKey: adminKey }),
      fetch: (request) => fetch(request, { dispatcher: pool } as RequestInit),
    });
  }

  async createWebhook(url: string, events: string[], fields: Partial<CreateWebhookBody> = {}): Promise<string> {
    const { data, error, response } = await this.api.POST("/api/v1/webhooks", { body: { ...fields, url, events } });
    if (response.status !== 201 || !data)
      throw new Error(`creating a webhook answered ${response.status}: ${JSON.stringify(error)}`);
    return data.id;
  }

  /** Publishes one event (with `headers`, e.g. a traceparent); resolves with the request latency in ms. */
  async publish(type: string, data: Record<string, unknown>, headers?: Record<string, string>): Promise<number> {
    const started = performance.now();
    const { error, response } = await this.api.POST("/api/v1/events", { body: { type, data }, headers });
    if (response.status !== 202) throw new Error(`publishing answered ${response.status}: ${JSON.stringify(error)}`);
    return performance.now() - started;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

// A request unanswered after this long counts as this long (and as an error): a stalled API must end the phase.
const GIVE_UP_MS = 30_000;

/** One call to the API with `key` as a bearer token, any path under /api/v1: its status and JSON answer (504 when it gave up). */
export async function callApi(origin: string, key: string, method: string, path: string, body?: unknown) {
  try {
    const res = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(GIVE_UP_MS),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  } catch (err) {
    if ((err as Error).name !== "TimeoutError") throw err;
    return { status: 504, json: {} };
  }
}
