import type nano from 'nano';
import { emptyReduction, type Reduction, withRow } from './reductions';

export const REDUCE_SLICE = 5_000;

/**
 * CouchDB's `_count` / `_stats` (and `group_level`) of a view over a key range (end key exclusive),
 * read REDUCE_SLICE rows at a time and reduced here. The embedded store's workaround: PouchDB keeps
 * no reductions and, asked to reduce, loads every row of the range into the server process at once
 * — a year of recharges over 1,000,000 ledger entries (≈ 450,000 rows) exhausted the server's 384 MB
 * heap and killed it (BENCHMARKS.md, 'Reports', 1,000,000 entries). Slices cost the same scan with a
 * bounded memory. On CouchDB ask the view's own reduce instead: it reads stored b-tree reductions.
 */
export async function reduceBySlices(
  db: nano.DocumentScope<object>,
  design: string,
  view: string,
  reduce: '_count' | '_stats',
  startkey: unknown[],
  endkey: unknown[],
  groupLevel?: number,
): Promise<Array<{ key: unknown[] | null; value: Reduction }>> {
  const groups = new Map<string, { key: unknown[] | null; value: Reduction }>();
  // where a slice ends: the last key and how many rows with that very key were read (PouchDB Server
  // ignores `startkey_docid`, and rows sharing a key — a lot chunk's legs — are common; as paging.ts)
  let after: { key: string; k: unknown[]; n: number } | null = null;
  for (;;) {
    const params = { startkey: after ? after.k : startkey, ...(after ? { skip: after.n } : {}), endkey, limit: REDUCE_SLICE, reduce: false, inclusive_end: false };
    const rows = (await db.view(design, view, params as nano.DocumentViewParams)).rows as unknown as Array<{ key: unknown[]; value: unknown }>;
    for (const row of rows) {
      const rowKey = JSON.stringify(row.key);
      if (after && after.key === rowKey) after.n++;
      else after = { key: rowKey, k: row.key, n: 1 };
      const key = groupLevel === undefined ? null : row.key.slice(0, groupLevel);
      const name = JSON.stringify(key);
      const group = groups.get(name);
      if (group) group.value = withRow(group.value, row.value);
      else groups.set(name, { key, value: withRow(emptyReduction(reduce), row.value) });
    }
    if (rows.length < REDUCE_SLICE) break;
  }
  return [...groups.values()];
}
