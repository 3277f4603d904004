// Preloaded into a Herald process (NODE_OPTIONS=--import <this file>) by the
// tracing test: when the process exits it prints how many modules of the
// OpenTelemetry SDK and exporters it loaded, so the test can tell that
// tracing off loads none. The API package itself does not count: prom-client
// (the /metrics registry) requires @opentelemetry/api whatever Herald does.
import { createRequire } from "node:module";

const cache = createRequire(import.meta.url).cache;
process.on("exit", () => {
  const loaded = Object.keys(cache).filter((file) => /\/node_modules\/@opentelemetry\/(?!api\/)/.test(file)).length;
  process.stderr.write(`opentelemetry-modules-loaded=${loaded}\n`);
});
