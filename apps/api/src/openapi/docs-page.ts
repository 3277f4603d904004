import { registeredOperations, type OperationSpec } from "./registry.ts";
import { buildOpenApiDocument, openApiPath } from "./document.ts";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// Inside <pre>, quotes need no escaping (and JSON is full of them).
const escapeText = (s: string) => s.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);

type Json = Record<string, unknown>;

/** `string (uuid)`, `integer 1..100`, `array of string`: enough to read at a glance. */
function typeOf(schema: Json): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(" | ");
  if (schema.type === "array") return `array of ${typeOf((schema.items as Json) ?? {})}`;
  const range = schema.minimum !== undefined || schema.maximum !== undefined ? ` ${schema.minimum ?? ""}..${schema.maximum ?? ""}` : "";
  const length = schema.minLength !== undefined || schema.maxLength !== undefined ? ` (${schema.minLength ?? 0}-${schema.maxLength ?? "∞"} chars)` : "";
  const format = schema.format ? ` (${schema.format})` : "";
  const choices = Array.isArray(schema.enum) ? ` ${(schema.enum as unknown[]).join(" | ")}` : "";
  return `${String(schema.type ?? "any")}${format}${range}${length}${choices}`;
}

function fieldRows(rows: { name: string; schema: Json; required: boolean; description?: string }[]): string {
  if (!rows.length) return "";
  const body = rows
    .map((r) => `<tr><td><code>${escapeHtml(r.name)}</code>${r.required ? " *" : ""}</td><td>${escapeHtml(typeOf(r.schema))}</td><td>${escapeHtml(String(r.description ?? r.schema.description ?? ""))}${r.schema.default !== undefined ? ` (default ${escapeHtml(JSON.stringify(r.schema.default))})` : ""}</td></tr>`)
    .join("");
  return `<table><tr><th>field</th><th>type</th><th>notes</th></tr>${body}</table>`;
}

function bodyRows(schema: Json | undefined): string {
  const properties = (schema?.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema?.required as string[] | undefined) ?? []);
  return fieldRows(Object.entries(properties).map(([name, s]) => ({ name, schema: s, required: required.has(name) })));
}

function operationHtml(op: OperationSpec, doc: Json): string {
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const detail = paths[openApiPath(op.path)]?.[op.method] ?? {};
  const params = ((detail.parameters as Json[] | undefined) ?? []).map((p) => ({ name: `${p.in === "path" ? ":" : "?"}${String(p.name)}`, schema: p.schema as Json, required: p.required === true, description: p.description as string | undefined }));
  const requestSchema = (detail.requestBody as { content?: Record<string, { schema: Json }> } | undefined)?.content?.["application/json"]?.schema;
  const responses = Object.entries(op.responses).map(([status, r]) => `<li><b>${status}</b> ${escapeHtml(r.description)}</li>`).join("");
  const auth = op.auth === "public" ? "public" : op.auth === "admin" ? "admin key" : "API key";
  return `<details class="op"><summary><span class="m ${op.method}">${op.method.toUpperCase()}</span> <code>${escapeHtml(op.path)}</code> ${escapeHtml(op.summary)} <small>(${auth})</small></summary>
${op.description ? `<p>${escapeHtml(op.description)}</p>` : ""}${params.length ? `<h4>Parameters</h4>${fieldRows(params)}` : ""}${requestSchema ? `<h4>Body</h4>${bodyRows(requestSchema)}` : ""}<h4>Responses</h4><ul>${responses}<li><b>4xx</b> <code>{"error": {...}}</code></li></ul>
<details><summary>JSON Schema</summary><pre>${escapeText(JSON.stringify({ parameters: detail.parameters, requestBody: detail.requestBody, responses: detail.responses }, null, 2))}</pre></details></details>`;
}

/**
 * A self-contained reference page: plain HTML rendered from the same
 * document as /openapi.json, so it works offline and without JavaScript.
 */
export function docsPage(): string {
  const doc = buildOpenApiDocument();
  const byTag = new Map<string, OperationSpec[]>();
  for (const op of registeredOperations()) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
  const sections = [...byTag].map(([tag, ops]) => `<h2 id="${escapeHtml(tag)}">${escapeHtml(tag)}</h2>\n${ops.map((op) => operationHtml(op, doc)).join("\n")}`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Herald API reference</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#222}
code,pre{font:13px ui-monospace,monospace}pre{background:#f6f8fa;padding:.75rem;overflow:auto}
.op{border:1px solid #ddd;border-radius:4px;margin:.4rem 0;padding:.3rem .6rem}.op summary{cursor:pointer}
table{border-collapse:collapse;margin:.3rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left;vertical-align:top}
.m{display:inline-block;min-width:4.2rem;font-weight:600}.get{color:#0969da}.post{color:#1a7f37}.patch{color:#9a6700}.delete{color:#cf222e}
</style></head><body>
<h1>Herald API reference</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1, generated from the schemas that validate requests).
Authenticate with <code>Authorization: Bearer &lt;key&gt;</code>. Errors: <code>{"error": {"code", "message", "details"}}</code>.</p>
<nav>${[...byTag.keys()].map((t) => `<a href="#${escapeHtml(t)}">${escapeHtml(t)}</a>`).join(" · ")}</nav>
${sections.join("\n")}
</body></html>`;
}
