import { notificationKeys } from "./keys.ts";
import type { RedisClient } from "@herald/queue";
import { endpointScripts } from "./scripts.ts";

/** Incidents listed in one digest; the rest are only counted. */
const DIGEST_CAP = 50;

/**
 * Per-recipient notification rate limit in Redis, shared by every worker:
 * at most one mail at once plus one digest per window, whatever the storm.
 */
export function createNotificationDigest({
  redis,
  prefix,
  windowMs,
}: {
  redis: RedisClient;
  prefix: string;
  windowMs: number;
}) {
  const keys = notificationKeys(prefix);
  const { digestNote, digestClaim } = endpointScripts(redis);
  const keysOf = (recipient: string) => [
    keys.window(recipient),
    keys.pending(recipient),
    keys.count(recipient),
    keys.due,
  ];
  return {
    /** "now": mail it at once; "queued": it waits for the recipient's digest. */
    async note(recipient: string, incident: string): Promise<"now" | "queued"> {
      const first = await digestNote(keysOf(recipient), [windowMs, incident, recipient, DIGEST_CAP]);
      return first === 1 ? "now" : "queued";
    },
    /** Claims every digest whose window has ended. */
    async claimDue(): Promise<Array<{ recipient: string; total: number; incidents: string[] }>> {
      const due = await redis.zrangebyscore(keys.due, "-inf", Date.now());
      const claimed = [];
      for (const recipient of due) {
        const got = (await digestClaim(keysOf(recipient), [recipient, windowMs])) as [number, string[]] | null;
        if (got && got[0] > 0) claimed.push({ recipient, total: got[0], incidents: got[1] });
      }
      return claimed;
    },
  };
}

export type NotificationDigest = ReturnType<typeof createNotificationDigest>;
