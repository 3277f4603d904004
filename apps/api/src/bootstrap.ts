import { ensurePartitions, sqlPool } from "@herald/db";
import { ensureAdminKey } from "./bootstrap-admin-key.ts";
import type { AppDeps } from "./deps.ts";

/** Start-up work that needs the database; a failure stops the process with one clear line. */
export async function bootstrapAdminKeyOrExit(deps: AppDeps): Promise<void> {
  try {
    await ensureAdminKey({ db: deps.db, logger: deps.logger, adminKey: deps.config.adminKey });
  } catch (err) {
    deps.logger.error(`cannot prepare the admin key: ${err instanceof Error ? err.message : String(err)} (is the database migrated? run npm run db:migrate)`);
    process.exit(1);
  }
}

/**
 * Today's partitions of the history tables and a few days ahead (the worker
 * keeps creating them on its schedule). A failure is logged, not fatal:
 * inserts land in the DEFAULT partitions meanwhile.
 */
export async function preparePartitions(deps: AppDeps): Promise<void> {
  try {
    const { created, skipped } = await ensurePartitions(sqlPool(deps.db));
    if (created.length) deps.logger.info(`history partitions created for ${created.join(", ")}`);
    for (const { day, reason } of skipped) deps.logger.warn(`no history partition for ${day}; its rows stay in the default partitions (${reason})`);
  } catch (err) {
    deps.logger.error(`cannot create history partitions: ${err instanceof Error ? err.message : String(err)}`);
  }
}
