import { registeredOperations, type OperationSpec } from "./registry.ts";
import { buildOpenApiDocument, openApiPath } from "./document.ts";

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function operationHtml(op: OperationSpec, doc: Record<string, unknown>): string {
  const paths = doc.paths as Record<string, Record<string, Record<string, unknown>>>;
  const detail = paths[openApiPath(op.path)]?.[op.method] ?? {};
  const auth = op.auth === "public" ? "public" : op.auth === "admin" ? "admin key" : "API key";
  return `<details class="op"><summary><span class="m ${op.method}">${op.method.toUpperCase()}</span> <code>${escape(op.path)}</code> ${escape(op.summary)} <small>(${auth})</small></summary>
${op.description ? `<p>${escape(op.description)}</p>` : ""}<pre>${escape(JSON.stringify({ parameters: detail.parameters, requestBody: detail.requestBody, responses: detail.responses }, null, 2))}</pre></details>`;
}

/**
 * A self-contained reference page: plain HTML rendered from the same
 * document as /openapi.json, so it works offline and without JavaScript.
 */
export function docsPage(): string {
  const doc = buildOpenApiDocument();
  const byTag = new Map<string, OperationSpec[]>();
  for (const op of registeredOperations()) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
  const sections = [...byTag].map(([tag, ops]) => `<h2 id="${escape(tag)}">${escape(tag)}</h2>\n${ops.map((op) => operationHtml(op, doc)).join("\n")}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Herald API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f6f8fa;padding:.75rem;overflow:auto}
.op{border:1px solid #ddd;border-radius:4px;margin:.4rem 0;padding:.3rem .6rem}.op summary{cursor:pointer}
.m{display:inline-block;min-width:4.2rem;font-weight:600}.get{color:#0969da}.post{color:#1a7f37}.patch{color:#9a6700}.delete{color:#cf222e}
</style></head><body>
<h1>Herald API reference</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1, generated from the schemas that validate requests).
Authenticate with <code>Authorization: Bearer &lt;key&gt;</code>. Errors: <code>{"error": {"code", "message", "details"}}</code>.</p>
<nav>${[...byTag.keys()].map((t) => `<a href="#${escape(t)}">${escape(t)}</a>`).join(" · ")}</nav>
${sections.join("\n")}
</body></html>`;
}
