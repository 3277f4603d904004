import type { Response } from "express";
import { z } from "zod";

/**
 * Lists page by keyset on `id`: ids are UUIDv7, so id order is creation
 * order. A page is a plain JSON array (clients iterate it as is); the cursor for the
 * next page comes in the `X-Next-Cursor` header and a `Link: <...>; rel="next"`.
 */
export const limitParam = (max: number, fallback: number) =>
  z.coerce
    .number({ message: "must be a number" })
    .int("must be a whole number")
    .min(1, `must be between 1 and ${max}`)
    .max(max, `must be between 1 and ${max}`)
    .default(fallback);

export const cursorParam = z.uuid({ message: "must be a cursor from X-Next-Cursor" }).optional();

/** Prisma args for a newest-first page after `cursor`, fetching one extra row to know if more exist. */
export function pageArgs({ limit, cursor }: { limit: number; cursor?: string }) {
  return {
    take: limit + 1,
    orderBy: { id: "desc" as const },
    ...(cursor ? { where: { id: { lt: cursor } } } : {}),
  };
}

/** The next page's cursor: a row's id, unless `cursorOf` says otherwise (as it must for rows without an id). */
type CursorOf<T> = T extends { id: string } ? [cursorOf?: (row: T) => string] : [cursorOf: (row: T) => string];

/** Trims the extra row and sets the next-page headers. */
export function sendPage<T>(
  res: Response,
  rows: T[],
  limit: number,
  render: (row: T) => unknown,
  ...[cursorOf]: CursorOf<T>
): void {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  if (rows.length > limit && last) {
    const cursor = cursorOf ? cursorOf(last) : (last as unknown as { id: string }).id;
    res.setHeader("x-next-cursor", cursor);
    const url = new URL(res.req.originalUrl, "http://placeholder");
    url.searchParams.set("cursor", cursor);
    res.setHeader("link", `<${url.pathname}${url.search}>; rel="next"`);
  }
  res.json(page.map(render));
}
