import { Pool } from "undici";

/** A thin client for the parts of Herald's API the bench drives (and for the naive app, with no key). */
export class HeraldClient {
  private readonly pool: Pool;
  constructor(origin: string, private readonly adminKey: string | null, connections = 64) {
    this.pool = new Pool(origin, { connections, pipelining: 1 });
  }

  async request(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await this.pool.request({
      method,
      path,
      headers: { ...(this.adminKey === null ? {} : { authorization: `Bearer ${this.adminKey}` }), "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    return { status: res.statusCode, json: text ? JSON.parse(text) : null };
  }

  async createWebhook(url: string, events: string[], fields: Record<string, unknown> = {}): Promise<string> {
    const res = await this.request("POST", "/api/v1/webhooks", { url, events, ...fields });
    if (res.status !== 201) throw new Error(`creating a webhook answered ${res.status}: ${JSON.stringify(res.json)}`);
    return (res.json as { id: string }).id;
  }

  /** Publishes one event; resolves with the request latency in ms. */
  async publish(type: string, data: Record<string, unknown>): Promise<number> {
    const started = performance.now();
    const res = await this.request("POST", "/api/v1/events", { type, data });
    if (res.status !== 202) throw new Error(`publishing answered ${res.status}: ${JSON.stringify(res.json)}`);
    return performance.now() - started;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
