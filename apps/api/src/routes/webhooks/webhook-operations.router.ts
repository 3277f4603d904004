import type { Router } from "express";
import type { AppDeps } from "../../deps.ts";
import { idParams } from "../../openapi/common-schemas.ts";
import { documentedRouter } from "../../openapi/documented-router.ts";
import { renderWebhook } from "./webhook-view.ts";
import { recoverBody, recoverOut, rotateSecretBody, rotateSecretOut, testFilterBody, testFilterOut } from "./webhook-operations.schemas.ts";
import { recoverDeliveries, rotateSecret, testFilter } from "./webhook-operations.service.ts";

/** Operator tools on one webhook: secret rotation, recovery of a failed window, trying its payload filter. */
export function webhookOperationsRouter(deps: AppDeps): Router {
  const { router, route } = documentedRouter({ base: "/api/v1/webhooks", tag: "Webhooks" });

  route(
    {
      method: "post",
      path: "/:id/rotate-secret",
      summary: "Rotate a webhook's signing secret",
      description:
        "The old secret keeps signing (both signatures are sent) until `previous_secret_expires_at` (24 h by default), then it is dropped. On an `ed25519` webhook this rotates the key pair instead: the answer carries the new `public_key` (no `secret`; a `secret` in the body is refused), and the old private key keeps signing (two `v1a,` signatures) for the same overlap.",
      params: idParams,
      body: rotateSecretBody,
      responses: { 200: { description: "the webhook and its new secret (shown only here) or, for ed25519, its new public key", schema: rotateSecretOut } },
    },
    async ({ req, res, params, body }) => {
      const { row, secret, previousExpiresAt } = await rotateSecret({ deps, principal: req.principal }, { id: params.id, secret: body.secret });
      res.json({ ...renderWebhook(row), ...(secret !== undefined ? { secret } : {}), previous_secret_expires_at: previousExpiresAt.toISOString() });
    },
  );

  route(
    {
      method: "post",
      path: "/:id/recover",
      summary: "Re-send a webhook's failed deliveries of a time window",
      description: "Re-queues the webhook's failed deliveries created in [since, until) with a fresh retry schedule.",
      params: idParams,
      body: recoverBody,
      responses: { 200: { description: "how many were re-queued", schema: recoverOut } },
    },
    async ({ req, res, params, body }) => {
      const recovered = await recoverDeliveries({ deps, principal: req.principal, log: req.log }, { id: params.id, since: body.since, until: body.until });
      res.json({ recovered });
    },
  );

  route(
    {
      method: "post",
      path: "/:id/filter/test",
      summary: "Test an event against a webhook's payload filter",
      description:
        "Says whether `payload`, published, would pass the webhook's filter (or the unsaved `filter` given), evaluated by the same code as fan-out. The webhook's event patterns and enabled state are not considered; nothing is stored or delivered.",
      params: idParams,
      body: testFilterBody,
      responses: { 200: { description: "whether it matches", schema: testFilterOut } },
    },
    async ({ req, res, params, body }) => {
      res.json({ matches: await testFilter({ deps, principal: req.principal }, { id: params.id, payload: body.payload, filter: body.filter }) });
    },
  );

  return router;
}
