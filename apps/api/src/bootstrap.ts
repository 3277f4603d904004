import { ensureAdminKey } from "./bootstrap-admin-key.ts";
import type { AppDeps } from "./deps.ts";

/** Start-up work that needs the database; a failure stops the process with one clear line. */
export async function bootstrapAdminKeyOrExit(deps: AppDeps): Promise<void> {
  try {
    await ensureAdminKey({ db: deps.db, logger: deps.logger, adminKey: deps.config.adminKey });
  } catch (err) {
    deps.logger.error(
      `cannot prepare the admin key: ${err instanceof Error ? err.message : String(err)} (is the database migrated? run npm run db:migrate)`,
    );
    process.exit(1);
  }
}
