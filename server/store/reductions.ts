/**
 * CouchDB's built-in reductions as the embedded store's workarounds compute them (sliced-reduce.ts,
 * view-rollup.ts): `_count` is a number, `_stats` this record. One arithmetic for both, so a
 * rollup's bucket and a slice's group add up alike.
 */
export interface Stats {
  sum: number;
  count: number;
  min: number;
  max: number;
  sumsqr: number;
}

export type Reduction = number | Stats;

export const emptyReduction = (reduce: '_count' | '_stats'): Reduction =>
  reduce === '_count' ? 0 : { sum: 0, count: 0, min: 0, max: 0, sumsqr: 0 };

/** The reduction with one more row of value `value` (a `_count` ignores it); answers a new value. */
export function withRow(r: Reduction, value: unknown): Reduction {
  if (typeof r === 'number') return r + 1;
  const v = Number(value);
  if (r.count === 0) return { sum: v, count: 1, min: v, max: v, sumsqr: v * v };
  return { sum: r.sum + v, count: r.count + 1, min: Math.min(r.min, v), max: Math.max(r.max, v), sumsqr: r.sumsqr + v * v };
}

/** CouchDB's rereduce of two reductions of the same kind. */
export function mergeReductions(a: Reduction, b: Reduction): Reduction {
  if (typeof a === 'number') return a + (b as number);
  const s = b as Stats;
  if (a.count === 0) return { ...s };
  if (s.count === 0) return a;
  return { sum: a.sum + s.sum, count: a.count + s.count, min: Math.min(a.min, s.min), max: Math.max(a.max, s.max), sumsqr: a.sumsqr + s.sumsqr };
}
