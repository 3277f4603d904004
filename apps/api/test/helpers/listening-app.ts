import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHeraldClient, type HeraldClient } from "@herald/client";
import type { TestApp } from "./test-app.ts";

export interface ListeningApp {
  origin: string;
  /** @herald/client against this app, for an `Authorization` header value as tests hold them (`Bearer <key>`). */
  client(authorization: string): HeraldClient;
  close(): Promise<void>;
}

/** The test app on a free loopback port, called over real HTTP by @herald/client. */
export async function listen(t: TestApp): Promise<ListeningApp> {
  const server: Server = t.app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    client: (authorization) => createHeraldClient({ baseUrl: origin, apiKey: authorization.replace(/^Bearer /, "") }),
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
