import {
  REPORTS,
  type ChartData,
  type ReportFilters,
  type ReportId,
  type ReportPage,
  type ReportRow,
} from '../../src/domain/reports/catalogue';
import { AUDIT_ORIGIN_LABELS, auditActionLabel } from '../../src/domain/reports/audit-actions';
import { chartFollowsRows, chartFromRows } from '../../src/domain/reports/charts';
import {
  CARD_STATUS_LABELS,
  LOT_STATUS_LABELS,
  OUTCOME_LABELS,
} from '../../src/domain/reports/catalogue';
import {
  cardBalanceRow,
  cardholderRow,
  cardIssuedRow,
  cardMatches,
  cardMovementRow,
  causeLabel,
  dayStart,
  holderKey,
  instantRange,
  invoicedLotRows,
  lotRow,
  monthOf,
  orderRow,
  replacementRow,
  statusCountRows,
  type ReportCard,
  type ReportLot,
  type ReportOrder,
} from '../../src/domain/reports/rows';
import { REPLACEMENT_REASONS, REPLACEMENT_REASON_LABELS } from '../../src/domain/requests';
import { LOT_STATUSES } from '../../src/domain/statuses';
import * as accounts from '../accounts/accounts.store';
import { invalid } from '../common/domain-error';
import type { ServerContext } from '../context';
import { balancesBefore } from './card-balances';
import { pageOf, totalOf, viewRowsOf, type PagedReport, type PageRequest, type RangeSource } from './paging';
import { countOf, fetchDocs, readRows, reduceRange, reportDb, sumOf, type ViewRow } from './reports.store';

/**
 * Each report of the catalogue as key ranges of the reports views (server/reports/reports.store.ts)
 * plus the rows' shape (src/domain/reports/rows.ts). A filter the key cannot express is checked on
 * the page's documents, and the report is then not `exact` (no cheap total; the store is read until
 * the page is full).
 */
const LOW = '';
const HIGH = '\ufff0';

interface Ctx {
  ctx: ServerContext;
  companyId: string;
  f: ReportFilters;
}

const docOf = <T>(row: ViewRow) => row.doc as unknown as T;

// ---- cards ------------------------------------------------------------------------------------------

/** The most selective filter becomes the key range; the others are checked on the documents. */
function cardDimension(f: ReportFilters): { dim: string; value: string; others: number } {
  const given = [
    ['holder', f.holder ? holderKey(f.holder) : undefined],
    ['branch', f.branch],
    ['status', f.status],
    ['product', f.product],
  ].filter(([, v]) => !!v) as [string, string][];
  if (given.length === 0) return { dim: 'issued', value: '', others: 0 };
  return { dim: given[0][0], value: given[0][1], others: given.length - 1 };
}

function cardsRange(x: Ctx, toRow: (card: ReportCard) => ReportRow, byIssueDate: boolean): { range: RangeSource; exact: boolean } {
  const { dim, value, others } = cardDimension(x.f);
  const { from, to } = byIssueDate ? instantRange(x.f) : { from: LOW, to: HIGH };
  return {
    exact: others === 0,
    range: {
      db: reportDb(x.ctx, x.companyId, 'cards'),
      start: [dim, value, from],
      end: [dim, value, to],
      includeDocs: true,
      accept: async (rows) => rows.map((r) => {
        const card = docOf<ReportCard>(r);
        return card && cardMatches(card, x.f) ? toRow(card) : null;
      }),
    },
  };
}

function replacementsRange(x: Ctx): { range: RangeSource; exact: boolean } {
  const { from, to } = instantRange(x.f);
  const others = [x.f.product, x.f.branch, x.f.status, x.f.holder].filter(Boolean).length;
  return {
    exact: others === 0,
    range: {
      db: reportDb(x.ctx, x.companyId, 'cards'),
      start: ['replaced', '', from],
      end: ['replaced', '', to],
      includeDocs: true,
      accept: async (rows) => rows.map((r) => {
        const card = docOf<ReportCard>(r);
        return card?.replacement && cardMatches(card, x.f) ? replacementRow(card) : null;
      }),
    },
  };
}

/** Closing balance of each card at the end of `date`, from its ledger entries (card-balances.ts). */
function cardBalancesRange(x: Ctx): { range: RangeSource; exact: boolean } {
  const end = dayStart(x.f.date!, 1);
  const ledger = reportDb(x.ctx, x.companyId, 'ledger');
  const base = cardsRange(x, (c) => cardBalanceRow(c, 0), false);
  return {
    exact: base.exact,
    range: {
      ...base.range,
      accept: async (rows) => {
        const wanted = rows.map((r) => docOf<ReportCard>(r)).map((c) => (c && cardMatches(c, x.f) ? c : null));
        const cards = wanted.filter((c): c is ReportCard => !!c);
        const balances = await balancesBefore(ledger, cards.map((c) => c.cardId), end);
        const byCard = new Map(cards.map((c, i) => [c, balances[i]]));
        return wanted.map((card) => (card ? cardBalanceRow(card, byCard.get(card)!) : null));
      },
    },
  };
}

// ---- ledger -----------------------------------------------------------------------------------------

interface EntryDoc {
  account: string;
  amountCents: number;
  cause: string;
  at: string;
}

/** Recharges (credits to cards) or debits, with each entry's card read in one request per page. */
function movementsRange(x: Ctx, kind: 'credit' | 'debit'): { range: RangeSource; exact: boolean } {
  const { from, to } = instantRange(x.f);
  const cardFilter = { product: x.f.product, branch: x.f.branch, holder: x.f.holder };
  const others = Object.values(cardFilter).filter(Boolean).length;
  const cards = reportDb(x.ctx, x.companyId, 'cards');
  return {
    exact: others === 0,
    range: {
      db: reportDb(x.ctx, x.companyId, 'ledger'),
      start: [kind, '', from ? monthOf(from) : LOW, from],
      end: [kind, '', to === HIGH ? HIGH : monthOf(to), to],
      includeDocs: true,
      accept: async (rows) => {
        const entries = rows.map((r) => docOf<EntryDoc>(r));
        // ledger card accounts are `card:<cardId>`, the card documents' ids too
        const byId = await fetchDocs<ReportCard>(cards, entries.filter(Boolean).map((e) => e.account));
        return entries.map((e) => {
          if (!e) return null;
          const card = byId.get(e.account) ?? null;
          if (others && (!card || !cardMatches(card, cardFilter))) return null;
          return cardMovementRow(card, e.at, e.amountCents, e.cause);
        });
      },
    },
  };
}

/** A statement of one ledger account: the balance before `from`, then every entry with the balance after it. */
function statementRange(x: Ctx, account: string, extra: ReportRow = {}): RangeSource {
  const ledger = reportDb(x.ctx, x.companyId, 'ledger');
  const { from, to } = instantRange(x.f);
  const start = ['acct', account, from ? monthOf(from) : LOW, from];
  return {
    db: ledger,
    start,
    end: ['acct', account, to === HIGH ? HIGH : monthOf(to), to],
    includeDocs: true,
    initial: async () => ({ balance: from ? sumOf((await reduceRange(ledger, ['acct', account, LOW, LOW], start))[0]?.value) : 0 }),
    accept: async (rows) =>
      rows.map((r) => {
        const e = docOf<EntryDoc>(r);
        if (!e) return null;
        const { concept, reference } = causeLabel(e.cause);
        return { at: e.at, ...extra, concept, reference, amountCents: e.amountCents, balanceCents: 0 };
      }),
    step: (_row, out, state) => {
      state.balance = (state.balance ?? 0) + Number(out.amountCents);
      out.balanceCents = state.balance;
    },
  };
}

/** The holder's cards, oldest first (a replacement's new card follows the old one). */
async function holderCards(x: Ctx): Promise<ReportCard[]> {
  const db = reportDb(x.ctx, x.companyId, 'cards');
  const id = holderKey(x.f.holder!);
  const rows = await readRows(db, { startkey: ['holder', id, LOW], endkey: ['holder', id, HIGH], limit: 100, include_docs: true });
  return rows.map((r) => docOf<ReportCard>(r)).filter((c) => !!c);
}

// ---- lots, orders, audit ---------------------------------------------------------------------------------

function simpleRange<T>(x: Ctx, db: 'lots' | 'orders', dims: { product?: string; status?: string }, toRow: (doc: T) => ReportRow | null): { range: RangeSource; exact: boolean } {
  const given = Object.entries(dims).filter(([, v]) => !!v) as [string, string][];
  const [dim, value] = given[0] ?? ['all', ''];
  const { from, to } = instantRange(x.f);
  return {
    exact: given.length <= 1,
    range: {
      db: reportDb(x.ctx, x.companyId, db),
      start: [dim, value, from],
      end: [dim, value, to],
      includeDocs: true,
      accept: async (rows) => rows.map((r) => {
        const doc = docOf<T & { productCode: string; status: string }>(r);
        if (!doc) return null;
        if (dims.product && doc.productCode !== dims.product) return null;
        if (dims.status && doc.status !== dims.status) return null;
        return toRow(doc);
      }),
    },
  };
}

function invoicedRange(x: Ctx): { range: RangeSource; exact: boolean } {
  const { from, to } = instantRange(x.f);
  return {
    exact: !x.f.product,
    range: {
      db: reportDb(x.ctx, x.companyId, 'orders'),
      start: ['invoiced', '', from],
      end: ['invoiced', '', to],
      includeDocs: true,
      accept: async (rows) => rows.map((r) => {
        const order = docOf<ReportOrder>(r);
        if (!order || (x.f.product && order.productCode !== x.f.product)) return null;
        return invoicedLotRows(order)[Number(r.value)] ?? null;
      }),
    },
  };
}

interface AuditDoc {
  at: string;
  userId: string | null;
  action: string;
  origin: string;
  ip: string | null;
  outcome: 'ok' | 'refused';
  reason?: string;
  details?: Record<string, unknown>;
}

function auditRow(e: AuditDoc): ReportRow {
  return {
    at: e.at,
    userId: e.userId ?? '',
    action: auditActionLabel(e.action),
    origin: AUDIT_ORIGIN_LABELS[e.origin] ?? e.origin,
    ip: e.ip ?? '',
    outcome: OUTCOME_LABELS[e.outcome] ?? e.outcome,
    reason: e.reason ?? '',
    details: e.details ? JSON.stringify(e.details) : '',
  };
}

/** `x.companyId` '' reads the entries of no company (by user only); `dbCompany` names the database holder. */
function auditRange(x: Ctx, dbCompany = x.companyId): { range: RangeSource; exact: boolean } {
  const { from, to } = instantRange(x.f);
  const [dim, value] = x.f.user ? ['user', x.f.user] : x.f.status ? ['outcome', x.f.status] : ['all', ''];
  const cid = x.companyId;
  return {
    exact: !(x.f.user && x.f.status),
    range: {
      db: reportDb(x.ctx, dbCompany, 'audit'),
      start: [cid, dim, value, from],
      end: [cid, dim, value, to],
      includeDocs: true,
      accept: async (rows) => rows.map((r) => {
        const e = docOf<AuditDoc>(r);
        if (!e || (x.f.status && e.outcome !== x.f.status)) return null;
        return auditRow(e);
      }),
    },
  };
}

// ---- the catalogue ---------------------------------------------------------------------------------------

function need(f: ReportFilters, id: ReportId): void {
  for (const kind of REPORTS[id].required ?? []) {
    const given = kind === 'dates' ? f.from || f.to : f[kind as keyof ReportFilters];
    if (!given) {
      const what = { date: 'la fecha', product: 'el producto', holder: 'la cédula del tarjetahabiente' }[kind as 'date' | 'product' | 'holder'] ?? kind;
      throw invalid('FILTER_REQUIRED', `Este reporte necesita ${what}.`);
    }
  }
  if (f.from && f.to && f.from > f.to) throw invalid('BAD_DATES', 'La fecha inicial es posterior a la final.');
}

const one = (r: { range: RangeSource; exact: boolean }): PagedReport => ({ ranges: [r.range], exact: r.exact });

/** The paged form of a report (every report but `cards-by-status`, which is a handful of counts). */
export async function pagedReport(ctx: ServerContext, companyId: string, id: ReportId, f: ReportFilters): Promise<PagedReport> {
  need(f, id);
  const x: Ctx = { ctx, companyId, f };
  switch (id) {
    case 'cardholders':
      return one(cardsRange(x, cardholderRow, false));
    case 'cards-issued':
      return one(cardsRange(x, cardIssuedRow, true));
    case 'replacements':
      return one(replacementsRange(x));
    case 'card-balances':
      return one(cardBalancesRange(x));
    case 'recharges':
      return one(movementsRange(x, 'credit'));
    case 'debits':
      return one(movementsRange(x, 'debit'));
    case 'master-statement':
      return { ranges: [statementRange(x, `master:${f.product}`)], exact: true };
    case 'card-statement': {
      const cards = await holderCards(x);
      return { ranges: cards.map((c) => statementRange(x, `card:${c.cardId}`, { maskedPan: c.maskedPan })), exact: true };
    }
    case 'lot-status':
      return one(simpleRange<ReportLot>(x, 'lots', { product: f.product, status: f.status }, lotRow));
    case 'orders':
      return one(simpleRange<ReportOrder>(x, 'orders', { product: f.product, status: f.status }, orderRow));
    case 'invoiced-lots':
      return one(invoicedRange(x));
    case 'user-activity': {
      const company = auditRange(x);
      // a member's sign-ins and account operations (no company) follow the company's operations
      const user = f.user ? await accounts.getUser(ctx, f.user) : null;
      const member = !!user && (user.role === 'operator' || user.memberships.some((m) => m.companyId === companyId));
      if (!member) return one(company);
      const account = auditRange({ ...x, companyId: '' }, companyId);
      return { ranges: [company.range, account.range], exact: company.exact && account.exact };
    }
    case 'cards-by-status':
      throw new Error('cards-by-status is not paged');
  }
}

async function cardsByStatusRows(ctx: ServerContext, companyId: string): Promise<ReportRow[]> {
  const db = reportDb(ctx, companyId, 'cards');
  const group = async (dim: string) => {
    const rows = await reduceRange(db, [dim, LOW], [dim, HIGH], 2);
    return new Map(rows.map((r) => [String((r.key ?? [])[1]), countOf(r.value)]));
  };
  return statusCountRows(await group('status'), await group('plastic'));
}

/** One page of a report's rows (the first page also counts the rows when that is cheap). */
export async function reportPage(ctx: ServerContext, companyId: string, id: ReportId, f: ReportFilters, req: PageRequest): Promise<ReportPage> {
  if (id === 'cards-by-status') {
    need(f, id);
    const rows = await cardsByStatusRows(ctx, companyId);
    return { rows: rows.slice(req.offset, req.offset + req.limit), next: null, total: rows.length };
  }
  const report = await pagedReport(ctx, companyId, id, f);
  const page = await pageOf(report, req);
  // A count over a long range is a scan on the embedded store (13 s at 100,000 cards): the first
  // page comes back at once and the screen asks reportTotal() beside it.
  if (!req.cursor && req.offset === 0 && page.next === null) page.total = page.rows.length;
  return page;
}

/** How many rows a report has with these filters, or null when only reading them all would tell. */
export async function reportTotal(ctx: ServerContext, companyId: string, id: ReportId, f: ReportFilters): Promise<number | null> {
  need(f, id);
  if (id === 'cards-by-status') return (await cardsByStatusRows(ctx, companyId)).length;
  return totalOf(await pagedReport(ctx, companyId, id, f));
}

/** Every row of a report, a page at a time (exports). */
export async function* allRows(ctx: ServerContext, companyId: string, id: ReportId, f: ReportFilters, max = Number.POSITIVE_INFINITY): AsyncGenerator<ReportRow[]> {
  if (id === 'cards-by-status') {
    need(f, id);
    yield await cardsByStatusRows(ctx, companyId);
    return;
  }
  const report = await pagedReport(ctx, companyId, id, f);
  let cursor: string | undefined;
  let seen = 0;
  for (;;) {
    const page = await pageOf(report, { cursor, offset: 0, limit: Math.min(1000, max - seen) });
    seen += page.rows.length;
    if (page.rows.length) yield page.rows;
    if (!page.next || seen >= max) return;
    cursor = page.next;
  }
}

// ---- charts -------------------------------------------------------------------------------------------------

/** Months from a view's group_level rows whose key holds the month at `at`. */
const monthly = (rows: Array<{ key: unknown[] | null; value: unknown }>, at: number, value: (v: unknown) => number) => ({
  labels: rows.map((r) => String((r.key ?? [])[at])),
  data: rows.map((r) => value(r.value)),
});

/** Most rows a chart is drawn from (view rows read, before the filters checked on documents); past that, the period's chart and a note. */
export const CHART_ROWS_MAX = 20_000;

/**
 * A report's chart. The views key charts by period only, so a filter beyond the period (branch,
 * status, holder…) draws the chart from the filtered rows, as the table shows them, when reading
 * them means at most CHART_ROWS_MAX view rows; past that the chart covers the whole period and its
 * note says so. The bound is on the rows read, not on the rows that pass: a filter the key cannot
 * hold (recharges of a branch) is checked on each row's documents, and reading a month of recharges
 * with their cards to keep a few was 30.7 s at 1,000,000 entries (BENCHMARKS.md).
 */
export async function reportChart(ctx: ServerContext, companyId: string, id: ReportId, f: ReportFilters, maxRows = CHART_ROWS_MAX): Promise<ChartData | null> {
  if (!REPORTS[id].chart) return null;
  need(f, id);
  if (!chartFollowsRows(id, f)) return periodChart(ctx, companyId, id, f);
  if ((await viewRowsOf(await pagedReport(ctx, companyId, id, f))) <= maxRows) {
    const rows: ReportRow[] = [];
    for await (const page of allRows(ctx, companyId, id, f)) rows.push(...page);
    return chartFromRows(id, rows);
  }
  const period = await periodChart(ctx, companyId, id, f);
  return period && { ...period, note: `Con estos filtros el gráfico leería más de ${maxRows.toLocaleString('es-VE')} filas: muestra todo el período, sin los demás filtros.` };
}

/** The chart of the period alone, from the views' reduce (a few b-tree reads, whatever the size). */
async function periodChart(ctx: ServerContext, companyId: string, id: ReportId, f: ReportFilters): Promise<ChartData | null> {
  const def = REPORTS[id].chart;
  if (!def) return null;
  const chart = (labels: string[], series: ChartData['series']): ChartData => ({ ...def, labels, series });
  const { from, to } = instantRange(f);
  const fromMonth = from ? monthOf(from) : LOW;
  const toMonth = to === HIGH ? HIGH : monthOf(to);
  switch (id) {
    case 'cards-issued': {
      const m = monthly(await reduceRange(reportDb(ctx, companyId, 'cards'), ['month', fromMonth, from], ['month', toMonth, to], 2), 1, countOf);
      return chart(m.labels, [{ label: 'Tarjetas emitidas', data: m.data }]);
    }
    case 'recharges':
    case 'debits': {
      const kind = id === 'recharges' ? 'credit' : 'debit';
      const m = monthly(await reduceRange(reportDb(ctx, companyId, 'ledger'), [kind, '', fromMonth, from], [kind, '', toMonth, to], 3), 2, (v) => Math.abs(sumOf(v)));
      return chart(m.labels, [{ label: id === 'recharges' ? 'Recargas' : 'Débitos', data: m.data }]);
    }
    case 'replacements': {
      const db = reportDb(ctx, companyId, 'cards');
      const counts = await Promise.all(REPLACEMENT_REASONS.map(async (r) => countOf((await reduceRange(db, ['reason', r, from], ['reason', r, to]))[0]?.value)));
      return chart(REPLACEMENT_REASONS.map((r) => REPLACEMENT_REASON_LABELS[r]), [{ label: 'Reposiciones', data: counts }]);
    }
    case 'lot-status': {
      const db = reportDb(ctx, companyId, 'lots');
      const counts = await Promise.all(LOT_STATUSES.map(async (s) => countOf((await reduceRange(db, ['status', s, from], ['status', s, to]))[0]?.value)));
      const shown = LOT_STATUSES.filter((_, i) => counts[i] > 0);
      return chart(shown.map((s) => LOT_STATUS_LABELS[s]), [{ label: 'Lotes', data: shown.map((s) => counts[LOT_STATUSES.indexOf(s)]) }]);
    }
    case 'orders': {
      const m = monthly(await reduceRange(reportDb(ctx, companyId, 'orders'), ['month', fromMonth, from], ['month', toMonth, to], 2), 1, sumOf);
      return chart(m.labels, [{ label: 'Total de órdenes', data: m.data }]);
    }
    case 'master-statement': {
      // monthly net movements from the first entry, accumulated: the balance at each month's close
      const account = `master:${f.product}`;
      const rows = await reduceRange(reportDb(ctx, companyId, 'ledger'), ['acct', account, LOW, LOW], ['acct', account, toMonth, to], 3);
      let balance = 0;
      const labels: string[] = [];
      const data: number[] = [];
      for (const r of rows) {
        balance += sumOf(r.value);
        const month = String((r.key ?? [])[2]);
        if (month >= fromMonth) {
          labels.push(month);
          data.push(balance);
        }
      }
      return chart(labels, [{ label: `Saldo ${f.product}`, data }]);
    }
    case 'cards-by-status': {
      const rows = await reduceRange(reportDb(ctx, companyId, 'cards'), ['status', LOW], ['status', HIGH], 2);
      const labels = rows.map((r) => String((r.key ?? [])[1]));
      return chart(labels.map((s) => CARD_STATUS_LABELS[s as keyof typeof CARD_STATUS_LABELS] ?? s), [{ label: 'Tarjetas', data: rows.map((r) => countOf(r.value)) }]);
    }
    case 'user-activity': {
      const dayFrom = from ? dayOf(from) : LOW;
      const dayTo = to === HIGH ? HIGH : dayOf(to);
      const m = monthly(await reduceRange(reportDb(ctx, companyId, 'audit'), [companyId, 'day', dayFrom, from], [companyId, 'day', dayTo, to], 3), 2, countOf);
      return chart(m.labels, [{ label: 'Operaciones', data: m.data }]);
    }
    default:
      return null;
  }
}

const dayOf = (at: string) => new Date(Date.parse(at) - 4 * 3_600_000).toISOString().slice(0, 10);
