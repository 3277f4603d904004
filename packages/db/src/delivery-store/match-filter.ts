import { runText, type SqlTarget } from "./sql.ts";

/** An event as the create statement sees it, to evaluate a filter against without storing it. */
export interface FilterProbe {
  /** A webhook's filter (the `filter` column's shape). */
  filter: unknown;
  id: string;
  type: string;
  createdAt: Date;
  tenantId: string | null;
  /** The event's data as JSON text. */
  data: string;
}

// The very functions fan-out calls (createEvents' SUBSCRIBED condition), so a
// test of a filter cannot disagree with what publishing would deliver.
const MATCH_SQL = `SELECT herald_filter_matches($1::jsonb, herald_filter_envelope($2, $3, $4::timestamptz, $5::uuid, $6::jsonb)) AS matches`;

/** Whether the event would pass the filter at fan-out. */
export async function matchesFilter(target: SqlTarget, probe: FilterProbe): Promise<boolean> {
  const values = [JSON.stringify(probe.filter), probe.id, probe.type, probe.createdAt, probe.tenantId, probe.data];
  const rows = await runText<{ matches: boolean }>(target, { text: MATCH_SQL, values });
  return rows[0]?.matches === true;
}
