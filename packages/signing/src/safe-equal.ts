import { timingSafeEqual } from "node:crypto";

/** Compares secrets in constant time, so a caller cannot learn a prefix from how long a refusal takes. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
