import { notificationKeys } from "./keys.ts";
import type { RedisClient } from "@herald/queue";

// The first incident of a recipient opens a window and is mailed at once (1);
// later ones within it are queued for the digest due when the window ends (0).
const NOTE = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return 1 end
local n = redis.call('INCR', KEYS[3])
if n <= tonumber(ARGV[4]) then redis.call('RPUSH', KEYS[2], ARGV[2]) end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[4], 'NX', now + math.max(redis.call('PTTL', KEYS[1]), 0), ARGV[3])
return 0
`;

// Claims a due digest (one worker wins the ZREM) and, when it holds
// incidents, opens the next window so a continuing storm stays one mail per window.
const CLAIM = `
if redis.call('ZREM', KEYS[4], ARGV[1]) == 0 then return false end
local items = redis.call('LRANGE', KEYS[2], 0, -1)
local n = tonumber(redis.call('GET', KEYS[3]) or '0')
redis.call('DEL', KEYS[2], KEYS[3])
if n > 0 then redis.call('SET', KEYS[1], '1', 'PX', ARGV[2]) end
return {n, items}
`;

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
  const keysOf = (recipient: string) => [
    keys.window(recipient),
    keys.pending(recipient),
    keys.count(recipient),
    keys.due,
  ];
  return {
    /** "now": mail it at once; "queued": it waits for the recipient's digest. */
    async note(recipient: string, incident: string): Promise<"now" | "queued"> {
      const first = await redis.eval(NOTE, 4, ...keysOf(recipient), windowMs, incident, recipient, DIGEST_CAP);
      return first === 1 ? "now" : "queued";
    },
    /** Claims every digest whose window has ended. */
    async claimDue(): Promise<Array<{ recipient: string; total: number; incidents: string[] }>> {
      const due = await redis.zrangebyscore(keys.due, "-inf", Date.now());
      const claimed = [];
      for (const recipient of due) {
        const got = (await redis.eval(CLAIM, 4, ...keysOf(recipient), recipient, windowMs)) as
          | [number, string[]]
          | null;
        if (got && got[0] > 0) claimed.push({ recipient, total: got[0], incidents: got[1] });
      }
      return claimed;
    },
  };
}

export type NotificationDigest = ReturnType<typeof createNotificationDigest>;
