import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { type RequestHandler, Router } from "express";
import type { AppDeps } from "../deps.ts";
import { AppError } from "../lib/app-error.ts";
import { credentialOf, resolvePrincipal } from "../middleware/authenticate.ts";

export const BULL_BOARD_PATH = "/admin/queues";

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
  const router = Router();
  router.use(requireAdminKey(deps));
  router.use(serverAdapter.getRouter());
  return router;
}
