import { z } from "zod";
import { registeredOperations, type OperationSpec, type ResponseSpec } from "./registry.ts";
import { errorBody } from "./common-schemas.ts";
import { portalMay } from "../routes/tenants/portal-sessions/portal-access.ts";

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** `/api/v1/webhooks/:id` → `/api/v1/webhooks/{id}`. */
function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, "{$1}");
}

function parameters(schema: z.ZodType | undefined, where: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, "input");
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required as string[] | undefined) ?? []);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function response(spec: ResponseSpec): JsonSchema {
  return {
    description: spec.description,
    ...(spec.headers
      ? {
          headers: Object.fromEntries(
            Object.entries(spec.headers).map(([k, d]) => [k, { description: d, schema: { type: "string" } }]),
          ),
        }
      : {}),
    ...(spec.schema ? { content: { "application/json": { schema: jsonSchema(spec.schema, "output") } } } : {}),
  };
}

function operation(op: OperationSpec): JsonSchema {
  const responses: Record<string, JsonSchema> = Object.fromEntries(
    Object.entries(op.responses).map(([status, spec]) => [status, response(spec)]),
  );
  const errorRef = {
    description: "error",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
  };
  responses["4XX"] = errorRef;
  return {
    tags: [op.tag],
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    operationId: `${op.method}${op.path.replace(/\/api\/v1/, "").replace(/[^A-Za-z0-9]+(\w)?/g, (_m, c: string | undefined) => (c ?? "").toUpperCase())}`,
    parameters: [...parameters(op.params, "path"), ...parameters(op.query, "query")],
    ...(op.body
      ? {
          requestBody: {
            // A body whose every field is optional (retry-all's filter) may be left out.
            required: !op.body.safeParse({}).success,
            content: { "application/json": { schema: jsonSchema(op.body, "input") } },
          },
        }
      : {}),
    responses,
    security: op.auth === "public" ? [] : [{ bearerAuth: [] }],
    ...(op.auth === "admin" ? { "x-herald-admin-only": true } : {}),
    ...(portalMay(`${op.method} ${op.path}`) ? { "x-herald-portal": true } : {}),
  };
}

/** The OpenAPI 3.1 document of every registered operation. */
export function buildOpenApiDocument(): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of registeredOperations()) {
    const path = openApiPath(op.path);
    paths[path] = { ...paths[path], [op.method]: operation(op) };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Herald API",
      version: "1.0.0",
      description:
        "Webhook delivery service. Authenticate with `Authorization: Bearer <key>`. " +
        "Lists are JSON arrays, newest first; the next page's cursor comes in `X-Next-Cursor`.",
    },
    servers: [{ url: "/" }],
    tags: [...new Set(registeredOperations().map((op) => op.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "An `hk_` API key or the admin key" },
      },
      schemas: { Error: jsonSchema(errorBody, "output") },
    },
  };
}
