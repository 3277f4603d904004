export { ensurePartitions, type EnsurePartitionsOptions, type EnsurePartitionsResult } from "./ensure-partitions.ts";
export { purgeHistory, type PurgeHistoryResult } from "./purge-history.ts";
export { HISTORY_TABLES, partitionName, utcDayStart } from "./partition-days.ts";
export { prepareHistoryPartitions, type PartitionLog } from "./prepare-partitions.ts";
