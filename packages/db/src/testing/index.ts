export { createTestDatabase } from "./test-database.ts";
export type { TestDatabase } from "./test-database.ts";
export { runMigrateProcess } from "./run-migrate-process.ts";
export { createOlderDatabase, type OlderDatabase } from "./older-database.ts";
