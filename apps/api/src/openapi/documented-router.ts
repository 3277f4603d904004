import { Router, type Request, type Response } from "express";
import { z } from "zod";
import { parse } from "../middleware/validate.ts";
import { authorize } from "../middleware/authorize.ts";
import { registerOperation, type OperationSpec } from "./registry.ts";

type Infer<S> = S extends z.ZodType ? z.infer<S> : undefined;

interface RouteSpec<P, Q, B> extends Omit<OperationSpec, "path" | "tag" | "auth" | "params" | "query" | "body"> {
  /** Defaults to the router's (a resource's router may document some routes under another tag). */
  tag?: string;
  /** Path relative to the router's mount point, Express syntax (`/:id`). */
  path: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Defaults to the router's. */
  auth?: OperationSpec["auth"];
}

interface RouteContext<P, Q, B> {
  req: Request;
  res: Response;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
}

export interface DocumentedRouter {
  router: Router;
  route<
    P extends z.ZodType | undefined = undefined,
    Q extends z.ZodType | undefined = undefined,
    B extends z.ZodType | undefined = undefined,
  >(spec: RouteSpec<P, Q, B>, handler: (ctx: RouteContext<P, Q, B>) => Promise<void> | void): void;
}

/** Where app.ts mounts the API's routers: every documented path starts with it. */
export const API_ROOT = "/api/v1";

/**
 * A router whose routes are declared once: the declaration registers the
 * OpenAPI operation and parses params, query and body with the very schemas
 * it documents, so the document cannot drift from what is enforced. `base`
 * is the resource's whole path, written only here: the router serves its
 * routes under it (less API_ROOT), so the API mounts it without naming it again.
 */
export function documentedRouter({
  base,
  tag,
  auth = "key",
}: {
  base: string;
  tag: string;
  auth?: OperationSpec["auth"];
}): DocumentedRouter {
  if (!base.startsWith(API_ROOT)) throw new Error(`a documented router's base must be under ${API_ROOT}: ${base}`);
  const mount = base.slice(API_ROOT.length);
  const router = Router();
  return {
    router,
    route(spec, handler) {
      const operationAuth = spec.auth ?? auth;
      const path = joinPath(base, spec.path);
      registerOperation({ ...spec, path, tag: spec.tag ?? tag, auth: operationAuth });
      router[spec.method](
        joinPath(mount, spec.path),
        authorize({ auth: operationAuth, operation: `${spec.method} ${path}` }),
        async (req, res) => {
          const params = (spec.params ? parse(spec.params, req, "params") : undefined) as never;
          const query = (spec.query ? parse(spec.query, req, "query") : undefined) as never;
          const bodySchema = spec.body ?? (takesBody(spec.method) ? noBody : undefined);
          const body = (bodySchema ? parse(bodySchema, req, "body") : undefined) as never;
          await handler({ req, res, params, query, body });
        },
      );
    },
  };
}

// A POST/PUT/PATCH that declares no body still refuses one with fields, so a
// client's typo or a misplaced parameter is reported instead of ignored.
const noBody = z.strictObject({});
const takesBody = (method: string) => method === "post" || method === "put" || method === "patch";

function joinPath(base: string, path: string): string {
  const joined = `${base}${path === "/" ? "" : path}`;
  return joined || "/";
}
