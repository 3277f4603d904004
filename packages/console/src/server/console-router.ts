import { type NextFunction, type Request, type Response, Router } from "express";
import { type ConsoleAssets, consoleAssets } from "./console-assets.ts";
import { indexHtml } from "./index-html.ts";
import { setSecurityHeaders } from "./security-headers.ts";

export interface ConsoleRouterOptions {
  /** Origins that may embed /console/portal in an iframe; empty = nobody. */
  portalFrameAncestors?: readonly string[];
  /** The one extra origin the portal page of a session (`?session=<id>`) may load images from: its logo's. */
  portalImageOrigin?: (sessionId: string) => Promise<string | null>;
}

function asset(pick: (assets: ConsoleAssets) => string, type: string) {
  return async (_req: Request, res: Response, next: NextFunction) => {
    try {
      const body = pick(await consoleAssets());
      res.type(type).setHeader("Cache-Control", "no-cache");
      res.send(body);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The web console (mounted at /console) and the tenant portal (/console/portal):
 * the same single-page app, talking to /api/v1 with a bearer token it keeps in
 * sessionStorage. Only the portal page may be framed, by the configured origins.
 */
export function consoleRouter({ portalFrameAncestors = [], portalImageOrigin }: ConsoleRouterOptions = {}): Router {
  const router = Router();
  router.use((_req, res, next) => {
    setSecurityHeaders(res);
    next();
  });
  const page = (ancestors: readonly string[], images: readonly string[]) => (req: Request, res: Response) => {
    setSecurityHeaders(res, { ancestors, images });
    res.setHeader("Cache-Control", "no-store");
    res.type("html").send(indexHtml(req.baseUrl));
  };
  router.get("/", page([], []));
  router.get("/portal", async (req, res, next) => {
    try {
      const session = typeof req.query.session === "string" ? req.query.session : undefined;
      const logo = session && portalImageOrigin ? await portalImageOrigin(session) : null;
      page(portalFrameAncestors, logo ? [logo] : [])(req, res);
    } catch (error) {
      next(error);
    }
  });
  router.get(
    "/app.js",
    asset((a) => a.js, "application/javascript"),
  );
  router.get(
    "/app.css",
    asset((a) => a.css, "text/css"),
  );
  router.get(
    "/uplot.css",
    asset((a) => a.uplotCss, "text/css"),
  );
  return router;
}
