import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { purgeOut, rotateKeyBody, rotateKeyOut } from "./maintenance.schemas.ts";
import { purgeExpired } from "./purge-expired.ts";
import { rotateEncryptionKey } from "./rotate-encryption-key.ts";

export function maintenanceRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/maintenance", tag: "Maintenance", auth: "admin" });

  route(
    {
      method: "post",
      path: "/rotate-encryption-key",
      summary: "Re-encrypt every webhook secret under a new key",
      description:
        "One transaction; a wrong old_key changes nothing. " +
        "This API process switches to new_key at once; workers and other API processes keep their configured key until restarted, " +
        "so set HERALD_ENCRYPTION_KEY to new_key and restart them right after.",
      body: rotateKeyBody,
      responses: { 200: { description: "rotated", schema: rotateKeyOut } },
    },
    async ({ req, res, body }) => {
      const result = await rotateEncryptionKey(
        { deps, principal: req.principal },
        { oldKey: body.old_key, newKey: body.new_key },
      );
      // This process seals with the new key from now on, so what it writes
      // before the restart matches the rotated rows. Other processes
      // (workers, other API replicas) keep the old key until restarted.
      deps.config.encryptionKey = body.new_key;
      res.json({
        webhooks_rotated: result.webhooksRotated,
        secrets_rotated: result.secretsRotated,
        restart_required: true,
        message:
          "Secrets are now sealed with new_key. Set HERALD_ENCRYPTION_KEY to it and restart every API and worker process: " +
          "until then, processes other than this one still use the old key.",
      });
    },
  );

  route(
    {
      method: "post",
      path: "/purge-expired",
      summary: "Delete data past retention",
      description:
        "Drops the daily partitions of events, deliveries and attempts that lie wholly before HERALD_RETENTION_DAYS " +
        "(events that still have a pending delivery are kept), deletes such rows from the default partitions, " +
        "and deletes expired consent.",
      responses: { 200: { description: "what was deleted", schema: purgeOut } },
    },
    async ({ req, res }) => {
      res.json(await purgeExpired({ deps, principal: req.principal }));
    },
  );

  return router;
}
