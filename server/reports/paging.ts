import type { ReportPage, ReportRow } from '../../src/domain/reports/catalogue';
import { invalid } from '../common/domain-error';
import { countOf, readRows, reduceRange, type ReportScope, type ViewRow } from './reports.store';

/**
 * Paging over the reports view: a page is the next `limit` rows after a cursor (the last row's key
 * and its rank among rows with that key), so reading page n costs the page, not n pages. A report made of several key ranges (the
 * statements of a holder's cards) pages through them in order; `state` carries what a statement
 * needs between pages (the running balance).
 */
export interface RangeSource {
  db: ReportScope;
  start: unknown[];
  end: unknown[];
  includeDocs: boolean;
  /** Turns a batch of view rows into report rows (null: the row fails a filter the key range could not express). */
  accept(rows: ViewRow[]): Promise<Array<ReportRow | null>>;
  /** a fresh state at the start of this range (e.g. the opening balance) */
  initial?(): Promise<PageState>;
  /** called for every accepted row in order: running figures (a statement's balance after the row) */
  step?(row: ViewRow, out: ReportRow, state: PageState): void;
}

export type PageState = Record<string, number>;

export interface PagedReport {
  ranges: RangeSource[];
  /** every view row is a report row: totals come from the reduce, and an offset is a `skip` */
  exact: boolean;
}

/**
 * Where a page ends: the last row's key and how many rows with that very key were passed (`n`).
 * The next read starts at the key and skips `n` rows. Not `startkey_docid`: PouchDB Server ignores
 * it, and rows sharing a key (a lot's ledger legs written in the same millisecond) are common.
 */
interface Cursor {
  /** range index */
  r: number;
  k: unknown[];
  n: number;
  s: PageState;
}

export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(text: string, ranges: number): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (Number.isInteger(c.r) && c.r >= 0 && c.r < ranges && Array.isArray(c.k) && Number.isInteger(c.n) && c.n > 0 && c.s && typeof c.s === 'object') return c;
  } catch {
    /* refused below */
  }
  throw invalid('BAD_CURSOR', 'La posición de la página no es válida; vuelva a consultar el reporte.');
}

export interface PageRequest {
  cursor?: string;
  /** rows to pass over when there is no cursor (the grid jumped ahead) */
  offset: number;
  limit: number;
}

/**
 * One page. With a cursor: the rows after it. Without: an exact report skips `offset` view rows in
 * the store; any other walks from the start (needed to know the running state and which rows pass
 * the filters) — a jump the grid makes only when scrolled far at once.
 */
export async function pageOf(report: PagedReport, req: PageRequest): Promise<ReportPage> {
  const rows: ReportRow[] = [];
  const cursor = req.cursor ? decodeCursor(req.cursor, report.ranges.length) : null;
  let toSkip = cursor ? 0 : req.offset;
  let skipInStore = 0;
  if (!cursor && report.exact && report.ranges.length === 1 && !report.ranges[0].step) {
    skipInStore = toSkip;
    toSkip = 0;
  }
  let last: Cursor | null = null;
  for (let r = cursor?.r ?? 0; r < report.ranges.length; r++) {
    const range = report.ranges[r];
    const resume = cursor && cursor.r === r;
    const state: PageState = resume ? { ...cursor.s } : ((await range.initial?.()) ?? {});
    let after: { k: unknown[]; n: number } | null = resume ? { k: cursor.k, n: cursor.n } : null;
    for (;;) {
      const want = req.limit - rows.length;
      const batch = toSkip > 0 ? 1000 : report.exact ? want + 1 : Math.max(200, want * 2);
      const viewRows = await readRows(range.db, {
        startkey: after ? after.k : range.start,
        ...(after ? { skip: after.n } : skipInStore ? { skip: skipInStore } : {}),
        endkey: range.end,
        limit: batch,
        include_docs: range.includeDocs,
      });
      if (skipInStore && viewRows.length) {
        // the first row's rank among rows sharing its key: the rows skipped minus those before its key
        const before = countOf((await reduceRange(range.db, range.start, viewRows[0].key))[0]?.value);
        after = { k: viewRows[0].key, n: skipInStore - before };
      }
      skipInStore = 0;
      const accepted = await range.accept(viewRows);
      for (let i = 0; i < viewRows.length; i++) {
        const out = accepted[i];
        after = after && sameKey(after.k, viewRows[i].key) ? { k: after.k, n: after.n + 1 } : { k: viewRows[i].key, n: 1 };
        if (!out) continue;
        range.step?.(viewRows[i], out, state);
        if (toSkip > 0) {
          toSkip--;
          last = { r, k: after.k, n: after.n, s: { ...state } };
          continue;
        }
        // a row beyond the page: there is a next page, starting after the page's last row
        if (rows.length === req.limit) return { rows, next: last ? encodeCursor(last) : null, total: null };
        rows.push(out);
        last = { r, k: after.k, n: after.n, s: { ...state } };
      }
      if (viewRows.length < batch) break;
    }
  }
  return { rows, next: null, total: null };
}

const sameKey = (a: unknown[], b: unknown[]) => JSON.stringify(a) === JSON.stringify(b);

/** Rows in a report whose view rows are its rows (`exact`): the sum of the ranges' counts. */
export async function totalOf(report: PagedReport): Promise<number | null> {
  return report.exact ? viewRowsOf(report) : null;
}

/** How many view rows reading the whole report reads: its rows, plus those a filter on the documents drops. */
export async function viewRowsOf(report: PagedReport): Promise<number> {
  let total = 0;
  for (const range of report.ranges) {
    const answer = await reduceRange(range.db, range.start, range.end);
    total += countOf(answer[0]?.value);
  }
  return total;
}
