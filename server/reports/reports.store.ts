import type nano from 'nano';
import type { ServerContext } from '../context';
import { GLOBAL_DB, companyDb, registerCompanyDatabase, registerGlobalDatabase, type CompanyDbKind } from '../store/databases';

/**
 * The views the reports read (created at start with every company's databases). One view per
 * database, `_design/reports/rows`, whose keys are `[...prefix, dimension, value, ...sort]`: a filter
 * on one dimension (product, branch, status, holder, month, ...) is a key range, a page is the next
 * `limit` rows after a (key, doc id) cursor, and the reduce (`_count`, or `_stats` where amounts are
 * summed) gives totals and chart figures without reading documents. One view per database because
 * PouchDB Server builds each view on its own (≈ 1,000 documents/s): a second view would double that.
 *
 * Months and days are Venezuelan (UTC−4, no daylight saving), as in src/domain/reports/rows.ts.
 */
const LOCAL = "function local(at) { return at ? new Date(Date.parse(at) - 14400000).toISOString() : ''; }";

const CARDS_MAP = `function (doc) {
  ${LOCAL}
  if (doc.type !== 'card') return;
  var at = doc.issuedAt || '';
  emit(['issued', '', at], null);
  emit(['product', doc.productCode || '', at], null);
  emit(['branch', doc.branchCode || '', at], null);
  emit(['status', doc.status || '', at], null);
  emit(['plastic', doc.plasticStatus || '', at], null);
  emit(['month', local(at).slice(0, 7), at], null);
  if (doc.holder) emit(['holder', String(doc.holder.idNumber), at], null);
  if (doc.replacement && doc.replacement.requestedAt) {
    emit(['replaced', '', doc.replacement.requestedAt], null);
    emit(['reason', doc.replacement.reason || '', doc.replacement.requestedAt], null);
  }
}`;

const LOTS_MAP = `function (doc) {
  if (doc.type !== 'lot') return;
  var at = doc.uploadedAt || '';
  emit(['all', '', at], null);
  emit(['product', doc.productCode || '', at], null);
  emit(['status', doc.status || '', at], null);
}`;

/** Orders: values are amounts (`_stats`), so the monthly chart sums totals; `invoiced` emits one row per lot (value = its index). */
const ORDERS_MAP = `function (doc) {
  ${LOCAL}
  if (doc.type !== 'order') return;
  var at = doc.createdAt || '';
  var total = (doc.figures && doc.figures.totalCents) || 0;
  emit(['all', '', at], total);
  emit(['product', doc.productCode || '', at], total);
  emit(['status', doc.status || '', at], total);
  emit(['month', local(at).slice(0, 7), at], total);
  if (doc.invoice && doc.invoice.at && doc.lots) {
    for (var i = 0; i < doc.lots.length; i++) emit(['invoiced', '', doc.invoice.at, i], i);
  }
}`;

/**
 * Ledger: `acct` rows per account (statements, balances at a date, the master balance by month),
 * `credit`/`debit` rows for card movements other than a replacement's balance move (recharges, debits).
 */
const LEDGER_MAP = `function (doc) {
  ${LOCAL}
  if (doc.type !== 'entry') return;
  var m = local(doc.at).slice(0, 7);
  emit(['acct', doc.account, m, doc.at], doc.amountCents);
  if (doc.account.indexOf('card:') === 0 && doc.leg !== 'old' && doc.leg !== 'new') {
    emit([doc.amountCents >= 0 ? 'credit' : 'debit', '', m, doc.at], doc.amountCents);
  }
}`;

/**
 * Audit (one global database): every key starts with the company, so one company never reads another's;
 * entries of no company (sign-in, password) start with '' and are read only for a member of the company.
 */
const AUDIT_MAP = `function (doc) {
  ${LOCAL}
  if (doc.type !== 'audit') return;
  if (!doc.companyId) {
    // sign-in and account operations belong to no company: found by user (the report checks membership)
    if (doc.userId) emit(['', 'user', doc.userId, doc.at], null);
    return;
  }
  var c = doc.companyId;
  emit([c, 'all', '', doc.at], null);
  emit([c, 'user', doc.userId || '', doc.at], null);
  emit([c, 'outcome', doc.outcome || '', doc.at], null);
  emit([c, 'day', local(doc.at).slice(0, 10), doc.at], null);
}`;

const view = (map: string, reduce: '_count' | '_stats') => ({ _id: '_design/reports' as const, views: { rows: { map, reduce } } });

registerCompanyDatabase('cards', { design: [view(CARDS_MAP, '_count')] });
registerCompanyDatabase('lots', { design: [view(LOTS_MAP, '_count')] });
registerCompanyDatabase('orders', { design: [view(ORDERS_MAP, '_stats')] });
registerCompanyDatabase('ledger', { design: [view(LEDGER_MAP, '_stats')] });
registerGlobalDatabase({ name: GLOBAL_DB.audit, design: [view(AUDIT_MAP, '_count')] });

export type ReportDb = 'cards' | 'lots' | 'orders' | 'ledger' | 'audit';

/** The reduce of each database's `reports/rows` view (as registered above). */
const REDUCE_OF: Record<ReportDb, '_count' | '_stats'> = { cards: '_count', lots: '_count', orders: '_stats', ledger: '_stats', audit: '_count' };

/**
 * A reports database; on the embedded store it carries its view's reduce, so that `reduceRange`
 * reduces by slices there (see below). On Apache CouchDB the store's own reduce answers.
 */
export type ReportScope = nano.DocumentScope<object> & { readonly slicedReduce?: '_count' | '_stats' };

export function reportDb(ctx: ServerContext, companyId: string, db: ReportDb): ReportScope {
  const scope = ctx.store.use<object>(db === 'audit' ? GLOBAL_DB.audit : companyDb(companyId, db as CompanyDbKind));
  return ctx.store.kind === 'embedded' ? Object.assign(scope, { slicedReduce: REDUCE_OF[db] }) : scope;
}

export interface ViewRow {
  id: string;
  key: unknown[];
  value: unknown;
  doc?: Record<string, unknown> | null;
}

export interface RowsQuery {
  startkey: unknown[];
  endkey: unknown[];
  startkey_docid?: string;
  skip?: number;
  limit: number;
  include_docs: boolean;
}

/** One read of the rows view (no reduce); the end key is exclusive (a `to` day ends where the next begins). */
export async function readRows(db: nano.DocumentScope<object>, q: RowsQuery): Promise<ViewRow[]> {
  const answer = await db.view('reports', 'rows', { ...q, reduce: false, inclusive_end: false } as nano.DocumentViewParams);
  return answer.rows as unknown as ViewRow[];
}

/**
 * A reduce over a key range: `_count` answers a number, `_stats` {sum, count, min, max, sumsqr}; with
 * `groupLevel`, one row per key prefix of that length, in key order.
 *
 * On the embedded store the range is read in slices of REDUCE_SLICE rows and reduced here: PouchDB
 * keeps no reductions and, asked to reduce, loads every row of the range into the server process at
 * once — a year of recharges over 1,000,000 ledger entries (≈ 450,000 rows) exhausted the server's
 * 384 MB heap and killed it (BENCHMARKS.md, 'Reports', 1,000,000 entries). Slices cost the same scan
 * with a bounded memory. CouchDB answers from its stored b-tree reductions.
 */
export async function reduceRange(db: ReportScope, startkey: unknown[], endkey: unknown[], groupLevel?: number): Promise<Array<{ key: unknown[] | null; value: unknown }>> {
  if (db.slicedReduce) return reduceBySlices(db, db.slicedReduce, startkey, endkey, groupLevel);
  const params: Record<string, unknown> = { startkey, endkey, reduce: true, inclusive_end: false };
  if (groupLevel !== undefined) {
    params.group_level = groupLevel;
  }
  const answer = await db.view('reports', 'rows', params as nano.DocumentViewParams);
  return answer.rows as unknown as Array<{ key: unknown[] | null; value: unknown }>;
}

export const REDUCE_SLICE = 5_000;

interface Stats {
  sum: number;
  count: number;
  min: number;
  max: number;
  sumsqr: number;
}

/** CouchDB's `_count` / `_stats` (and `group_level`) over the rows of a range, read REDUCE_SLICE at a time. */
async function reduceBySlices(db: ReportScope, reduce: '_count' | '_stats', startkey: unknown[], endkey: unknown[], groupLevel?: number) {
  const groups = new Map<string, { key: unknown[] | null; value: number | Stats }>();
  // where a slice ends: the last key and how many rows with that very key were read (PouchDB Server
  // ignores `startkey_docid`, and rows sharing a key — a lot chunk's legs — are common; as paging.ts)
  let after: { key: string; k: unknown[]; n: number } | null = null;
  for (;;) {
    const rows = await readRows(db, { startkey: after ? after.k : startkey, ...(after ? { skip: after.n } : {}), endkey, limit: REDUCE_SLICE, include_docs: false });
    for (const row of rows) {
      const rowKey = JSON.stringify(row.key);
      if (after && after.key === rowKey) after.n++;
      else after = { key: rowKey, k: row.key, n: 1 };
      const key = groupLevel === undefined ? null : row.key.slice(0, groupLevel);
      const name = JSON.stringify(key);
      const group = groups.get(name);
      if (reduce === '_count') {
        if (group) (group.value as number) += 1;
        else groups.set(name, { key, value: 1 });
        continue;
      }
      const v = Number(row.value);
      if (!group) {
        groups.set(name, { key, value: { sum: v, count: 1, min: v, max: v, sumsqr: v * v } });
        continue;
      }
      const st = group.value as Stats;
      st.sum += v;
      st.count += 1;
      st.min = Math.min(st.min, v);
      st.max = Math.max(st.max, v);
      st.sumsqr += v * v;
    }
    if (rows.length < REDUCE_SLICE) break;
  }
  return [...groups.values()];
}

export const countOf = (value: unknown): number =>
  typeof value === 'number' ? value : value && typeof value === 'object' ? Number((value as { count?: number }).count ?? 0) : 0;
export const sumOf = (value: unknown): number =>
  typeof value === 'number' ? value : value && typeof value === 'object' ? Number((value as { sum?: number }).sum ?? 0) : 0;

/** Many documents by id (cards of a page of ledger rows); missing ones are absent. */
export async function fetchDocs<T>(db: nano.DocumentScope<object>, ids: string[]): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return out;
  const answer = await db.fetch({ keys: unique });
  for (const row of answer.rows as Array<{ key: string; doc?: T | null }>) if (row.doc) out.set(row.key, row.doc);
  return out;
}
