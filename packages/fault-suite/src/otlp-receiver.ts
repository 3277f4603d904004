import http from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

/** A module to preload (NODE_OPTIONS=--import) into a Herald process: at exit it prints `opentelemetry-modules-loaded=N` (SDK and exporter modules). */
export const OPENTELEMETRY_PROBE = fileURLToPath(new URL("./opentelemetry-probe.mjs", import.meta.url));

/** One span as an OTLP collector receives it, ids in hex, attributes flattened. */
export interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  attributes: Record<string, string | number | boolean>;
  links: Array<{ traceId: string; spanId: string }>;
  /** OTLP status code: 0 unset, 1 ok, 2 error. */
  status: number;
  /** Start and end, Unix ms with µs precision (the SDK takes a span's start from Date.now(), so to the ms). */
  startMs: number;
  endMs: number;
}

export interface OtlpReceiver {
  /** The value for OTEL_EXPORTER_OTLP_ENDPOINT (the exporters append /v1/traces, /v1/metrics). */
  url: string;
  spans: ReceivedSpan[];
  /** Names of the metrics received, by service. */
  metrics: Map<string, Set<string>>;
  /** Anything that reached the receiver, traces or metrics. */
  posts(): number;
  close(): Promise<void>;
}

type AnyValue = { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
type KeyValue = { key: string; value: AnyValue };
type OtlpResource = { resource?: { attributes?: KeyValue[] } };

const SPAN_KINDS: Record<string, number> = {
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

// OTLP/JSON ids are hex; protobuf-style JSON would carry base64.
const hexId = (id: string | undefined) =>
  !id
    ? ""
    : /^[0-9a-f]+$/i.test(id) && (id.length === 32 || id.length === 16)
      ? id.toLowerCase()
      : Buffer.from(id, "base64").toString("hex");
const attributeValue = (v: AnyValue) =>
  v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : (v.doubleValue ?? v.boolValue ?? ""));
const attributesOf = (list: KeyValue[] = []) =>
  Object.fromEntries(list.map((kv) => [kv.key, attributeValue(kv.value)]));
// OTLP/JSON times are Unix nanoseconds, as a string (or a number when small enough).
const unixMs = (ns: unknown) =>
  typeof ns === "string" ? Number(BigInt(ns) / 1000n) / 1000 : typeof ns === "number" ? ns / 1e6 : NaN;
const serviceOf = (r: OtlpResource) => String(attributesOf(r.resource?.attributes)["service.name"] ?? "");

/**
 * An OpenTelemetry collector stand-in on loopback: accepts OTLP/HTTP JSON
 * on /v1/traces and /v1/metrics and keeps what it was sent.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const spans: ReceivedSpan[] = [];
  const metrics = new Map<string, Set<string>>();
  let posts = 0;

  function collectTraces(body: {
    resourceSpans?: Array<OtlpResource & { scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }>;
  }) {
    for (const rs of body.resourceSpans ?? []) {
      const service = serviceOf(rs);
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          const kind = typeof s.kind === "string" ? (SPAN_KINDS[s.kind] ?? 0) : Number(s.kind);
          spans.push({
            service,
            traceId: hexId(s.traceId as string),
            spanId: hexId(s.spanId as string),
            parentSpanId: hexId(s.parentSpanId as string | undefined),
            name: String(s.name),
            kind,
            attributes: attributesOf(s.attributes as KeyValue[]),
            links: ((s.links as Array<{ traceId: string; spanId: string }>) ?? []).map((l) => ({
              traceId: hexId(l.traceId),
              spanId: hexId(l.spanId),
            })),
            status: Number((s.status as { code?: number } | undefined)?.code ?? 0),
            startMs: unixMs(s.startTimeUnixNano),
            endMs: unixMs(s.endTimeUnixNano),
          });
        }
      }
    }
  }

  function collectMetrics(body: {
    resourceMetrics?: Array<OtlpResource & { scopeMetrics?: Array<{ metrics?: Array<{ name: string }> }> }>;
  }) {
    for (const rm of body.resourceMetrics ?? []) {
      const names = metrics.get(serviceOf(rm)) ?? new Set<string>();
      for (const sm of rm.scopeMetrics ?? []) for (const m of sm.metrics ?? []) names.add(m.name);
      metrics.set(serviceOf(rm), names);
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      posts++;
      try {
        const raw = Buffer.concat(chunks);
        const body = JSON.parse((req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString("utf8"));
        if (req.url === "/v1/traces") collectTraces(body);
        else if (req.url === "/v1/metrics") collectMetrics(body);
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      } catch {
        // Not OTLP/JSON: the exporter was set up wrong, and the test sees no spans.
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    metrics,
    posts: () => posts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
