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

  /** Publishes one event; resolves with the request latency in ms. */
  async publish(type: string, data: Record<string, unknown>): Promise<number> {
    const started = performance.now();
    const { error, response } = await this.api.POST("/api/v1/events", { body: { type, data } });
    if (response.status !== 202) throw new Error(`publishing answered ${response.status}: ${JSON.stringify(error)}`);
    return performance.now() - started;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
