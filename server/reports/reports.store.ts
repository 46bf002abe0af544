import type nano from 'nano';
import type { ServerContext } from '../context';
import { GLOBAL_DB, companyDb, registerCompanyDatabase, registerGlobalDatabase, type CompanyDbKind } from '../store/databases';
import { reduceBySlices } from '../store/sliced-reduce';
import { defineRollup, viewRollup, type RollupSpec, type RollupTarget, type ViewRollup } from '../store/view-rollup';
import { monthOf } from '../../src/domain/reports/rows';

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
 * Reduction rollups (server/store/view-rollup.ts) of the views whose reduces scan large ranges on the
 * embedded store: cards by (dimension, value) — every count and the cards-by-status figures — and the
 * ledger by (dimension, value, month) — recharges and debits per month, a master account's balance at
 * each month's end and before a statement's first day. Left to the view: the holder dimension of cards
 * and the card accounts of the ledger (one prefix per card: 100,000 cards × months; a card's balance
 * is a short range of its own), and orders (`_stats` of documents that change: a min or max cannot be
 * taken out) and audit (one range per day of one company).
 */
const ROLLUPS: Partial<Record<ReportDb, RollupSpec>> = {
  cards: defineRollup({ design: 'reports', view: 'rows', map: CARDS_MAP, reduce: '_count', groupLevel: 2, exclude: [[['holder'], ['holder', {}]]] }),
  ledger: defineRollup({ design: 'reports', view: 'rows', map: LEDGER_MAP, reduce: '_stats', groupLevel: 3, appendOnly: true, exclude: [[['acct', 'card:'], ['acct', 'card;']]] }),
  lots: defineRollup({ design: 'reports', view: 'rows', map: LOTS_MAP, reduce: '_count', groupLevel: 2 }),
};

/**
 * A reports database; on the embedded store it carries its view's reduce, so that `reduceRange`
 * reduces by slices there (see below), and its rollup when it has one (REPORT_ROLLUP=on). On Apache
 * CouchDB the store's own reduce answers.
 */
export type ReportScope = nano.DocumentScope<object> & { readonly slicedReduce?: '_count' | '_stats'; readonly rollup?: ViewRollup };

export function reportDb(ctx: ServerContext, companyId: string, db: ReportDb): ReportScope {
  const name = db === 'audit' ? GLOBAL_DB.audit : companyDb(companyId, db as CompanyDbKind);
  const scope = ctx.store.use<object>(name);
  if (ctx.store.kind !== 'embedded') return scope;
  const spec = ctx.config.reportRollup ? ROLLUPS[db] : undefined;
  return Object.assign(scope, { slicedReduce: REDUCE_OF[db], ...(spec ? { rollup: viewRollup(ctx.store, name, scope, spec, ctx.log) } : {}) });
}

/** Databases with at least this many documents get their rollups read at start (smaller ones by their first report). */
export const ROLLUP_WARM_MIN_DOCS = 1_000;
/** at most this many databases' rollups read at start (the biggest) */
const ROLLUP_WARM_MAX = 6;

/** The rollups worth reading at start: the biggest company databases that have one (embedded store only). */
export async function reportRollupTargets(ctx: ServerContext): Promise<RollupTarget[]> {
  if (ctx.store.kind !== 'embedded' || !ctx.config.reportRollup) return [];
  const found: Array<RollupTarget & { docs: number }> = [];
  // the sizes the server reads once at start for every warm-up (server/store/start-up-listing.ts)
  for (const kind of Object.keys(ROLLUPS) as Array<ReportDb & CompanyDbKind>) {
    for (const [cid, size] of await ctx.store.startUp.sizes(kind)) {
      const name = companyDb(cid, kind);
      if (size.docs >= ROLLUP_WARM_MIN_DOCS) found.push({ database: name, db: ctx.store.use<object>(name), spec: ROLLUPS[kind]!, docs: size.docs });
    }
  }
  return found.sort((a, b) => b.docs - a.docs).slice(0, ROLLUP_WARM_MAX);
}

/**
 * Brings a company's rollups up to date now, one after the other (ledger, cards, lots) — called in the
 * background after a processed lot, whose bulk writes (100,000 cards, their ledger legs) would leave
 * them further behind than a query waits for (INLINE_CATCH_UP_MAX): the first report would then be
 * answered by the view at its old cost. `stopped` ends the loop (the server is shutting down).
 */
export async function catchUpReportRollups(ctx: ServerContext, companyId: string, stopped: () => boolean): Promise<void> {
  if (ctx.store.kind !== 'embedded' || !ctx.config.reportRollup) return;
  for (const kind of ['ledger', 'cards', 'lots'] as const) {
    if (stopped()) return;
    const rollup = reportDb(ctx, companyId, kind).rollup;
    try {
      await rollup?.catchUp();
    } catch {
      // logged by the rollup; the next report tries again
    }
  }
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
 * On the embedded store the view's rollup answers (server/store/view-rollup.ts: the reductions
 * PouchDB does not keep), and what it cannot is reduced by slices (server/store/sliced-reduce.ts):
 * PouchDB loads a whole range into the server process to reduce it. CouchDB answers from its stored
 * b-tree reductions.
 */
export async function reduceRange(db: ReportScope, startkey: unknown[], endkey: unknown[], groupLevel?: number): Promise<Array<{ key: unknown[] | null; value: unknown }>> {
  if (db.rollup) {
    // whole buckets from the rollup, the rows of the buckets the range cuts from the view; null: not now
    const answer = await db.rollup.reduce(startkey, endkey, groupLevel);
    if (answer) return answer;
  }
  if (db.slicedReduce) return reduceBySlices(db, 'reports', 'rows', db.slicedReduce, startkey, endkey, groupLevel);
  const params: Record<string, unknown> = { startkey, endkey, reduce: true, inclusive_end: false };
  if (groupLevel !== undefined) {
    params.group_level = groupLevel;
  }
  const answer = await db.view('reports', 'rows', params as nano.DocumentViewParams);
  return answer.rows as unknown as Array<{ key: unknown[] | null; value: unknown }>;
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

export interface AccountEntry {
  account: string;
  amountCents: number;
  at: unknown;
}

/**
 * Every ledger entry of these accounts, in one `keys` read of the ledger's `balances/by_account`
 * view (server/ledger) with the entries' documents: exact keys, so the store's collation of the
 * accounts does not matter.
 */
export async function accountEntries(ledger: nano.DocumentScope<object>, accounts: string[]): Promise<AccountEntry[]> {
  if (accounts.length === 0) return [];
  const answer = await ledger.view('balances', 'by_account', { keys: accounts, reduce: false, include_docs: true } as nano.DocumentViewParams);
  const out: AccountEntry[] = [];
  for (const row of answer.rows as unknown as Array<{ doc?: { account?: unknown; amountCents?: unknown; at?: unknown } | null }>) {
    const d = row.doc;
    if (d && typeof d.account === 'string' && typeof d.amountCents === 'number') out.push({ account: d.account, amountCents: d.amountCents, at: d.at });
  }
  return out;
}

/**
 * The sum of an account's ledger entries strictly before the instant `at`, from the `acct` rows of the
 * ledger's reports view (`['acct', account, month, at]`) through `reduceRange` — whatever makes that
 * reduce cheap on the embedded store (whole months) serves every reader of a balance at an instant.
 */
export async function accountSumBefore(ledger: ReportScope, account: string, at: string): Promise<number> {
  return sumOf((await reduceRange(ledger, ['acct', account, '', ''], ['acct', account, monthOf(at), at]))[0]?.value);
}

/**
 * The sum of every ledger entry of an account (its balance), from the `acct` rows of the ledger's
 * reports view through `reduceRange`: on the embedded store the rollup holds each of the account's
 * months whole, so the balance of a master account is read from memory instead of reducing every
 * one of its entries (the `balances/by_account` reduce: ≈ 3 s for 1,009,348 entries, BENCHMARKS.md).
 * The same rows as that view's `key: account` reduce (both map every `entry` document by its account).
 */
export async function accountBalance(ledger: ReportScope, account: string): Promise<number> {
  return sumOf((await reduceRange(ledger, ['acct', account], ['acct', account, {}]))[0]?.value);
}
