import type { AppDeps } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { pageArgs } from "../../lib/pagination.ts";
import type { Principal } from "../../middleware/authenticate.ts";
import { webhookSummarySelect } from "./deliveries.render.ts";
import { deliveryScope, webhookScope } from "./scope.ts";

type Db = AppDeps["db"];
type Status = "pending" | "success" | "failed" | "cancelled";

export async function deliveryStats(db: Db, principal: Principal) {
  const groups = await db.delivery.groupBy({ by: ["status"], where: deliveryScope(principal), _count: { _all: true } });
  const count = (status: Status) => groups.find((g) => g.status === status)?._count._all ?? 0;
  const stats = { pending: count("pending"), success: count("success"), failed: count("failed"), cancelled: count("cancelled") };
  return { total: stats.pending + stats.success + stats.failed + stats.cancelled, ...stats };
}

/** The dead-letter queue: failed deliveries, newest first, with their webhook and event. */
export function failedDeliveries(db: Db, principal: Principal, page: { limit: number; cursor?: string }) {
  const { where: cursorWhere, ...args } = pageArgs(page);
  return db.delivery.findMany({
    ...args,
    where: { status: "failed", ...deliveryScope(principal), ...cursorWhere },
    include: { webhook: { select: webhookSummarySelect }, event: true },
  });
}

export async function getDelivery(db: Db, principal: Principal, id: string) {
  // The row and its attempts are two queries: one snapshot, so a worker's
  // commit between them cannot show an attempt the row does not count yet.
  const [delivery] = await db.$transaction(
    [db.delivery.findFirst({ where: { id, ...deliveryScope(principal) }, include: { attempts: { orderBy: [{ attemptNumber: "asc" }, { createdAt: "asc" }] } } })],
    { isolationLevel: "RepeatableRead" },
  );
  if (!delivery) throw AppError.notFound("delivery");
  return delivery;
}

export async function findWebhook(db: Db, principal: Principal, id: string) {
  const webhook = await db.webhook.findFirst({ where: { id, ...webhookScope(principal) } });
  if (!webhook) throw AppError.notFound("webhook");
  return webhook;
}

export async function webhookDeliveries(db: Db, principal: Principal, { webhookId, status, limit, cursor }: { webhookId: string; status?: Status; limit: number; cursor?: string }) {
  await findWebhook(db, principal, webhookId);
  const { where: cursorWhere, ...args } = pageArgs({ limit, cursor });
  return db.delivery.findMany({ ...args, where: { webhookId, ...(status ? { status } : {}), ...cursorWhere } });
}
