import http from "node:http";
import type { AddressInfo } from "node:net";

export type Behaviour = "hang" | "trickle" | "redirect-private" | "huge" | "close-mid-response" | "rate-limited";

export interface HostileReceiver {
  behaviour: Behaviour;
  url: string;
  /** Arrival time of each request (ms since epoch). */
  arrivals: number[];
  close(): Promise<void>;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, timers: Set<NodeJS.Timeout>) => void;

function handlerFor(behaviour: Behaviour, redirectTo: string): Handler {
  switch (behaviour) {
    case "hang":
      return () => undefined; // never answers
    case "trickle":
      // Headers at once, then one byte every 200 ms, for ever.
      return (_req, res, timers) => {
        res.writeHead(200, { "content-type": "text/plain" });
        const timer = setInterval(() => res.write("."), 200);
        timers.add(timer);
        res.on("close", () => clearInterval(timer));
      };
    case "redirect-private":
      return (_req, res) => res.writeHead(302, { location: redirectTo }).end();
    case "huge": {
      // 64 MiB of error page, written as fast as the socket takes it.
      const chunk = Buffer.alloc(64 * 1024, "x");
      return (_req, res) => {
        res.writeHead(500, { "content-type": "text/plain", "content-length": String(1024 * chunk.length) });
        let sent = 0;
        const pump = () => {
          while (sent < 1024 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return res.once("drain", pump);
          }
          res.end();
        };
        pump();
      };
    }
    case "close-mid-response":
      return (_req, res) => {
        res.writeHead(200, { "content-type": "text/plain", "content-length": "1000" });
        res.write("partial");
        setTimeout(() => res.socket?.destroy(), 50);
      };
    case "rate-limited":
      return (_req, res) => res.writeHead(429, { "retry-after": "3" }).end("slow down");
  }
}

/** An endpoint that misbehaves in one way, on loopback, counting what it gets. */
export async function startHostileReceiver(behaviour: Behaviour, { redirectTo = "" } = {}): Promise<HostileReceiver> {
  const arrivals: number[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const handle = handlerFor(behaviour, redirectTo);
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      arrivals.push(Date.now());
      handle(req, res, timers);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    behaviour,
    url: `http://127.0.0.1:${port}/${behaviour}`,
    arrivals,
    async close() {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
