import { randomFillSync } from "node:crypto";

// Pre-filled random bytes, refilled in bulk: one syscall per 512 ids.
const pool = Buffer.alloc(16 * 512);
let offset = pool.length;

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. The same
 * shape as Prisma's `uuid(7)` default, for rows written with raw SQL.
 */
export function uuidv7(now = Date.now()): string {
  if (offset >= pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = pool.subarray(offset, offset + 16);
  offset += 16;
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
