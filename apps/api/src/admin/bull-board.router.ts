import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { type Express, type RequestHandler, Router } from "express";
import type { AppDeps } from "../deps.ts";
import { AppError } from "../lib/app-error.ts";
import { credentialOf, resolvePrincipal } from "../middleware/authenticate.ts";
import { jsonBody } from "../middleware/json-body.ts";

export const BULL_BOARD_PATH = "/admin/queues";

/**
 * Bull Board's page under the console's rules: its bundle, styles, icons and
 * calls from this origin only, no inline script, never framed. Two
 * differences. base-uri 'self': the page sets <base href="/admin/queues/">
 * and loads its bundle by relative paths. style-src admits, by hash, the two
 * fixed <style> elements Bull Board 9.10 writes (the loading animation in its
 * HTML, the logo's colours in its bundle); the loading dots' style attributes
 * stay refused (cosmetic, gone once the app renders). An upgrade that changes
 * them shows as refused styles in bull-board.browser.int.test.ts. The Google
 * Fonts stylesheet its page links is refused too (local fonts are used): an
 * operator's dashboard calls no third party.
 */
const BULL_BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'sha256-dv714QSXJBurriRZTklJT4phtgwCe+o7Frxoi2awcdg=' 'sha256-r2N1TB/gHbBtBZFKg7ejmq1acVSREzucTAEw6ga4hoU='",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  // Its code viewer highlights in a web worker loaded from its bundle.
  "worker-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const securityHeaders: RequestHandler = (_req, res, next) => {
  res.set({
    "content-security-policy": BULL_BOARD_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  next();
};

/**
 * Admin keys only. A 401 carries a Basic challenge so a browser asks for
 * credentials: any user name, the admin key as the password.
 */
function requireAdminKey({ db, apiKeys, config }: Pick<AppDeps, "db" | "apiKeys" | "config">): RequestHandler {
  return async (req, res, next) => {
    const key = credentialOf(req.get("authorization"));
    const principal = key
      ? await resolvePrincipal({ db, apiKeys, adminKey: config.adminKey, encryptionKey: config.encryptionKey, key })
      : null;
    if (principal?.role === "admin") return next();
    if (principal) return next(new AppError("forbidden", "the queue dashboard needs an admin key"));
    res.setHeader("www-authenticate", 'Basic realm="Herald queues", charset="UTF-8"');
    next(
      new AppError(
        "unauthorized",
        "the queue dashboard needs the admin key (Bearer, or Basic auth with the key as password)",
      ),
    );
  };
}

/**
 * Bull Board over the delivery queues: operators see waiting, delayed and
 * failed jobs and can retry a failed one (the worker treats that as a manual
 * retry with a fresh schedule).
 */
export function bullBoardRouter(deps: AppDeps): Router {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({
    // One board per partition (HERALD_QUEUE_PARTITIONS), all on one page.
    queues: deps.deliveryQueues.partitions.map(
      (queue, partition) =>
        new BullMQAdapter(queue, {
          displayName: `deliveries, partition ${partition}`,
          description: `webhook deliveries, partition ${partition} of ${deps.deliveryQueues.count} (job id = delivery id)`,
        }),
    ),
    serverAdapter,
    options: { uiConfig: { boardTitle: "Herald" } },
  });
  // An Express app of its own: it would announce itself (X-Powered-By) whatever Herald's app says.
  const board = serverAdapter.getRouter() as Express;
  board.disable("x-powered-by");
  const router = Router();
  router.use(securityHeaders);
  router.use(requireAdminKey(deps));
  // Read only once the caller is an admin, by the parser and rules of every JSON route.
  router.use(jsonBody(deps.config.bodyLimit));
  router.use(board);
  return router;
}
