import pg from "pg";

/** A URL for messages: its password replaced by ***. */
export function maskPassword(url: string): string {
  const shown = new URL(url);
  if (shown.password) shown.password = "***";
  return shown.toString();
}

/**
 * Why Postgres at `url` cannot be used, in one line with the remedy (`variable`
 * is the setting that names it, `start` how to get it running); null when a
 * connection succeeds.
 */
export async function postgresProblem(
  url: string,
  { variable = "DATABASE_URL", start = "start it", timeoutMs = 10_000 } = {},
): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return null;
  } catch (err) {
    const { code, message } = err as { code?: string; message: string };
    const shown = maskPassword(url);
    // SQLSTATE 3D000: no such database; class 28: the login was refused.
    if (code === "3D000")
      return `the database at ${shown} does not exist: run "npm run db:migrate" (it creates the database)`;
    if (code?.startsWith("28"))
      return `Postgres at ${shown} refused the login (${message}): fix the user or password in ${variable}`;
    return `Postgres is not reachable at ${shown} (${message || code}): ${start}, or set ${variable}`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * At start-up: stops the process with one line when Postgres cannot be used,
 * instead of each later query failing on its own.
 */
export async function exitUnlessPostgresUsable(url: string): Promise<void> {
  const problem = await postgresProblem(url);
  if (!problem) return;
  process.stderr.write(`herald: ${problem}\n`);
  process.exit(1);
}
