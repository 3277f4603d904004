export { createDb, sqlPool } from "./client.ts";
export type { Db, CreateDbOptions } from "./client.ts";
export { Prisma } from "./generated/client.ts";
export * from "./generated/enums.ts";
export type * from "./generated/models.ts";
export type { DeliveryModel, EventModel, WebhookModel } from "./generated/models.ts";
export { defaultDatabaseUrl } from "./default-url.ts";
export { uuidv7 } from "./uuidv7.ts";
