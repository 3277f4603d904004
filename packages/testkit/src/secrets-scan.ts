import { Redis } from "ioredis";
import pg from "pg";

/** Every value of every key in a Redis (or of the keys `match` selects, e.g. `prefix:*`), whatever its type, as text. */
export async function dumpRedis(url: string, match = "*"): Promise<string> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  const out: string[] = [];
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", match, "COUNT", 1000);
      cursor = next;
      for (const key of keys) {
        const type = await redis.type(key);
        const value =
          type === "string"
            ? await redis.get(key)
            : type === "hash"
              ? await redis.hgetall(key)
              : type === "list"
                ? await redis.lrange(key, 0, -1)
                : type === "set"
                  ? await redis.smembers(key)
                  : type === "zset"
                    ? await redis.zrange(key, "0", "-1", "WITHSCORES")
                    : type === "stream"
                      ? await redis.xrange(key, "-", "+")
                      : `(${type})`;
        out.push(`${key} ${JSON.stringify(value)}`);
      }
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return out.join("\n");
}

/** Every row of every table of a database, as Postgres prints it. */
export async function dumpDatabase(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const out: string[] = [];
    for (const { table_name } of tables) {
      const { rows } = await client.query<{ row: string }>(`SELECT x::text AS row FROM "${table_name}" x`);
      out.push(...rows.map((r) => `${table_name} ${r.row}`));
    }
    return out.join("\n");
  } finally {
    await client.end();
  }
}

/** Which of `secrets` appear in which of `places` (name → text). */
export function findSecrets(secrets: readonly string[], places: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [place, text] of Object.entries(places))
    for (const secret of secrets) if (text.includes(secret)) found.push(`${place} contains ${secret.slice(0, 6)}…`);
  return found;
}
