import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/client.ts";

export type Db = PrismaClient;

export interface CreateDbOptions {
  url: string;
  /** Pool size per process; the API and each worker hold their own pool. */
  poolSize?: number;
}

export function createDb({ url, poolSize = 10 }: CreateDbOptions): Db {
  const adapter = new PrismaPg({ connectionString: url, max: poolSize });
  return new PrismaClient({ adapter });
}
