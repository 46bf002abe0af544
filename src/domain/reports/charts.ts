/**
 * A report's chart drawn from its rows — the rows after every filter. The device draws every chart
 * this way; the server does when a filter has no key range in its views (it otherwise reduces the
 * views, which only know the period), so a chart always shows what the table shows.
 */
import { REPLACEMENT_REASONS, REPLACEMENT_REASON_LABELS } from '../requests';
import { CARD_STATUS_LABELS, LOT_STATUS_LABELS, REPORTS, type ChartData, type ReportFilters, type ReportId, type ReportRow } from './catalogue';
import { DAY_OFFSET_HOURS, monthOf, tally } from './rows';

const dayOf = (at: string) => new Date(Date.parse(at) - DAY_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);
const text = (row: ReportRow, key: string) => String(row[key] ?? '');
const cents = (row: ReportRow, key: string) => Number(row[key] ?? 0);

/** Sums per period label, periods in calendar order. */
function perPeriod(rows: ReportRow[], periodOf: (row: ReportRow) => string, valueOf: (row: ReportRow) => number = () => 1) {
  const sums = tally(rows, periodOf, valueOf);
  const labels = [...sums.labels].sort();
  return { labels, data: labels.map((l) => sums.data[sums.labels.indexOf(l)]) };
}

/** Counts per label in the given order, leaving out the labels with none when `dropEmpty`. */
function perLabel(rows: ReportRow[], key: string, order: string[], dropEmpty: boolean) {
  const t = tally(rows, (r) => text(r, key), () => 1, order);
  const keep = t.labels.map((_, i) => !dropEmpty || t.data[i] > 0);
  return { labels: t.labels.filter((_, i) => keep[i]), data: t.data.filter((_, i) => keep[i]) };
}

export function chartFromRows(id: ReportId, rows: ReportRow[]): ChartData | null {
  const def = REPORTS[id].chart;
  if (!def) return null;
  const chart = (s: { labels: string[]; data: number[] }, label: string): ChartData => ({ ...def, labels: s.labels, series: [{ label, data: s.data }] });
  switch (id) {
    case 'cards-issued':
      return chart(perPeriod(rows, (r) => monthOf(text(r, 'issuedAt'))), 'Tarjetas emitidas');
    case 'recharges':
    case 'debits': {
      const s = perPeriod(rows, (r) => monthOf(text(r, 'at')), (r) => cents(r, 'amountCents'));
      return chart({ labels: s.labels, data: s.data.map(Math.abs) }, id === 'recharges' ? 'Recargas' : 'Débitos');
    }
    case 'replacements':
      return chart(perLabel(rows, 'reason', REPLACEMENT_REASONS.map((r) => REPLACEMENT_REASON_LABELS[r]), false), 'Reposiciones');
    case 'lot-status':
      return chart(perLabel(rows, 'status', Object.values(LOT_STATUS_LABELS), true), 'Lotes');
    case 'orders':
      return chart(perPeriod(rows, (r) => monthOf(text(r, 'createdAt')), (r) => cents(r, 'totalCents')), 'Total de órdenes');
    case 'cards-by-status': {
      const accounts = rows.filter((r) => r['group'] === 'Cuenta');
      const order = Object.values(CARD_STATUS_LABELS);
      const shown = accounts.sort((a, b) => order.indexOf(text(a, 'status')) - order.indexOf(text(b, 'status')));
      return chart({ labels: shown.map((r) => text(r, 'status')), data: shown.map((r) => cents(r, 'count')) }, 'Tarjetas');
    }
    case 'user-activity':
      return chart(perPeriod(rows, (r) => dayOf(text(r, 'at'))), 'Operaciones');
    default:
      // master-statement: its only filters (product, period) are key ranges of the ledger view
      return null;
  }
}

/** Whether a chart needs its rows: a filter beyond the period (and the statement's product). */
export function chartFollowsRows(id: ReportId, f: ReportFilters): boolean {
  if (id === 'master-statement' || id === 'cards-by-status') return false;
  return (Object.keys(f) as (keyof ReportFilters)[]).some((k) => f[k] && k !== 'from' && k !== 'to');
}
