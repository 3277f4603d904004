import type { Ctx } from "../../deps.ts";
import { AppError } from "../../lib/app-error.ts";
import { pageArgs } from "../../lib/pagination.ts";
import { webhookSummarySelect } from "./deliveries.render.ts";
import { deliveryScope } from "../../lib/tenancy.ts";
import { findWebhook } from "../webhooks/webhooks.service.ts";

type Status = "pending" | "success" | "failed" | "cancelled";

export async function deliveryStats({ deps, principal }: Ctx) {
  const groups = await deps.db.delivery.groupBy({ by: ["status"], where: deliveryScope(principal), _count: { _all: true } });
  const count = (status: Status) => groups.find((g) => g.status === status)?._count._all ?? 0;
  const stats = { pending: count("pending"), success: count("success"), failed: count("failed"), cancelled: count("cancelled") };
  return { total: stats.pending + stats.success + stats.failed + stats.cancelled, ...stats };
}

/** The dead-letter queue: failed deliveries, newest first, with their webhook and event. */
export function failedDeliveries({ deps, principal }: Ctx, page: { limit: number; cursor?: string }) {
  const { where: cursorWhere, ...args } = pageArgs(page);
  return deps.db.delivery.findMany({
    ...args,
    where: { status: "failed", ...deliveryScope(principal), ...cursorWhere },
    include: { webhook: { select: webhookSummarySelect }, event: true },
  });
}

export async function findDelivery({ deps: { db }, principal }: Ctx, id: string) {
  // The row and its attempts are two queries: one snapshot, so a worker's
  // commit between them cannot show an attempt the row does not count yet.
  const [delivery] = await db.$transaction(
    [db.delivery.findFirst({ where: { id, ...deliveryScope(principal) }, include: { attempts: { orderBy: [{ attemptNumber: "asc" }, { createdAt: "asc" }] } } })],
    { isolationLevel: "RepeatableRead" },
  );
  if (!delivery) throw AppError.notFound("delivery");
  return delivery;
}

export async function webhookDeliveries(ctx: Ctx, { webhookId, status, limit, cursor }: { webhookId: string; status?: Status; limit: number; cursor?: string }) {
  await findWebhook(ctx, webhookId);
  const { where: cursorWhere, ...args } = pageArgs({ limit, cursor });
  return ctx.deps.db.delivery.findMany({ ...args, where: { webhookId, ...(status ? { status } : {}), ...cursorWhere } });
}
