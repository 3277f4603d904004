import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";
import { ErrorNote, type Loaded, useLoad } from "./ui.tsx";

/** One page of a list endpoint as `ok()` unwraps it: its rows, and the cursor of the next page (null on the last). */
export interface Page<Row> {
  data: Row[];
  next: string | null;
}

/** What a page asks the API for: its size and, past the first page, the cursor the API handed out. */
export interface PageQuery {
  limit: number;
  cursor?: string;
}

export interface PagedList<P> extends Loaded<P> {
  /** 1 for the first page. */
  page: number;
  back: () => void;
  forward: () => void;
}

const sameFilters = (a: unknown[], b: unknown[]) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

/**
 * A list read a page at a time. The API hands out the next page's cursor;
 * earlier ones are kept to step back. When a filter changes, the list starts
 * again at its first page (a cursor belongs to the list it came from).
 */
export function usePagedList<Row, P extends Page<Row>>({
  limit,
  filters = [],
  load,
}: {
  limit: number;
  filters?: unknown[];
  load: (query: PageQuery) => Promise<P>;
}): PagedList<P> {
  const [, rerender] = useState(0);
  const stack = useRef<{ filters: unknown[]; cursors: string[] }>({ filters, cursors: [] });
  if (!sameFilters(stack.current.filters, filters)) stack.current = { filters, cursors: [] };
  const { cursors } = stack.current;
  const cursor = cursors[cursors.length - 1];
  const requested = cursors.length + 1;
  // Each answer carries the page it was asked for: while the next page loads the last rows stay shown, and the
  // page number shown is theirs, never the one still on its way.
  const loaded = useLoad(
    async () => ({ page: requested, answer: await load({ limit, ...(cursor ? { cursor } : {}) }) }),
    [...filters, cursor],
  );
  const move = (to: string[]) => {
    stack.current = { filters, cursors: to };
    rerender((n) => n + 1);
  };
  const next = loaded.data?.answer.next;
  return {
    ...loaded,
    data: loaded.data?.answer,
    page: loaded.data?.page ?? requested,
    back: () => move(cursors.slice(0, -1)),
    forward: () => next && move([...cursors, next]),
  };
}

export function Pager({ list }: { list: PagedList<Page<unknown>> }) {
  return (
    <nav class="pager" aria-label="pages">
      <button type="button" disabled={list.page === 1} onClick={list.back}>
        Previous page
      </button>
      <span>Page {list.page}</span>
      <button type="button" disabled={!list.data?.next} onClick={list.forward}>
        Next page
      </button>
    </nav>
  );
}

/** A table column: its heading, and what its cell shows for a row. */
export type Column<Row> = [heading: string, cell: (row: Row) => ComponentChildren];

/** A paged list as a table: its error, a row per item, `empty` when the page has none, and the pager. */
export function PagedTable<Row extends { id: string }>({
  list,
  columns,
  empty,
}: {
  list: PagedList<Page<Row>>;
  columns: Column<Row>[];
  empty?: string;
}) {
  return (
    <>
      <ErrorNote error={list.error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {columns.map(([heading], i) => (
                <th key={i}>{heading}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {list.data?.data.map((row) => (
              <tr key={row.id}>
                {columns.map(([, cell], i) => (
                  <td key={i}>{cell(row)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {empty && list.data?.data.length === 0 && <p class="muted">{empty}</p>}
      <Pager list={list} />
    </>
  );
}
