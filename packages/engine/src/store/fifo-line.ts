import { type Db, runText } from "@herald/db";

// Literal statuses, so the planner matches the partial index deliveries_fifo_line_idx.
const HEAD_PENDING = `SELECT id FROM deliveries WHERE webhook_id = $1::uuid AND seq IS NOT NULL AND status = 'pending' ORDER BY seq LIMIT 1`;
const HEAD_BLOCKING = `SELECT id FROM deliveries WHERE webhook_id = $1::uuid AND seq IS NOT NULL AND status IN ('pending', 'failed') ORDER BY seq LIMIT 1`;

/**
 * The head of a FIFO webhook's line: its lowest-numbered delivery still
 * pending, or also failed when the line blocks on a dead-lettered head
 * (fifo_on_failure = block). Only the head may be sent.
 */
export async function fifoHead(
  db: Db,
  { webhookId, blockOnFailure }: { webhookId: string; blockOnFailure: boolean },
): Promise<string | null> {
  const text = blockOnFailure ? HEAD_BLOCKING : HEAD_PENDING;
  const name = blockOnFailure ? "herald_fifo_head_blocking" : "herald_fifo_head";
  const rows = await runText<{ id: string }>(db, { name, text, values: [webhookId] });
  return rows[0]?.id ?? null;
}
