import { migrate } from "../migrate.ts";
import { defaultDatabaseUrl } from "../default-url.ts";
import { maskPassword } from "../postgres-at-start.ts";

const url = process.env.DATABASE_URL || defaultDatabaseUrl;
const redacted = maskPassword(url);
try {
  const { created, applied, partitions } = await migrate({ url });
  if (created) console.log(`herald: created database ${new URL(url).pathname.slice(1)}`);
  console.log(
    `herald: ${applied.length} migration(s) applied to ${redacted}${applied.length ? ": " + applied.join(", ") : ""}`,
  );
  if (partitions.created.length) console.log(`herald: history partitions created for ${partitions.created.join(", ")}`);
  for (const { day, reason } of partitions.skipped)
    console.log(`herald: no partition for ${day}, its rows stay in the default partitions (${reason})`);
  // The wasm engine leaves a timer behind that would hold the process ~10 s.
  process.exit(0);
} catch (err) {
  console.error(`herald: migration failed for ${redacted}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
