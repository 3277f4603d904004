import type { Db, Prisma } from "@herald/db";
import type { SendResult } from "@herald/delivery";

/** What the attempt decided for the delivery. */
export type Outcome = { status: "success" } | { status: "pending"; retryAt: Date } | { status: "failed" };

export interface RecordInput {
  deliveryId: string;
  /** 1-based; the delivery had `attemptNumber - 1` attempts before this one. */
  attemptNumber: number;
  result: SendResult;
  outcome: Outcome;
  at: Date;
}

/**
 * One transaction, two statements: the attempt row, and the delivery's new
 * state. The update is conditional on the delivery still being pending at the
 * attempt count this attempt started from, so an attempt that raced a
 * cancellation or a manual retry is recorded without overwriting their state.
 * Returns whether the delivery took this outcome.
 */
export async function recordAttempt(db: Db, { deliveryId, attemptNumber, result, outcome, at }: RecordInput): Promise<boolean> {
  const finished = outcome.status !== "pending";
  const [, updated] = await db.$transaction([
    db.deliveryAttempt.create({
      data: {
        deliveryId,
        attemptNumber,
        statusCode: result.statusCode,
        durationMs: result.durationMs,
        error: result.error,
        responseBody: result.responseBody,
        responseHeaders: (result.responseHeaders ?? undefined) as Prisma.InputJsonValue | undefined,
        createdAt: at,
      },
    }),
    db.delivery.updateMany({
      where: { id: deliveryId, status: "pending", attemptCount: attemptNumber - 1 },
      data: {
        status: outcome.status,
        attemptCount: attemptNumber,
        lastAttemptAt: at,
        lastStatusCode: result.statusCode,
        lastError: result.error,
        nextAttemptAt: outcome.status === "pending" ? outcome.retryAt : null,
        completedAt: finished ? new Date() : null,
      },
    }),
  ]);
  return updated.count === 1;
}
