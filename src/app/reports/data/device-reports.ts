import { REPORTS, type ChartData, type ReportFilters, type ReportId, type ReportRow } from '../../../domain/reports/catalogue';
import {
  type ReportCard,
  type ReportLot,
  type ReportOrder,
  cardholderRows,
  cardsByStatusRows,
  cardsIssuedRows,
  instantRange,
  invoicedLotRowsOf,
  lotStatusRows,
  monthOf,
  orderRows,
  replacementRows,
  tally,
} from '../../../domain/reports/rows';
import { CARD_STATUS_LABELS, LOT_STATUS_LABELS } from '../../../domain/reports/catalogue';
import { REPLACEMENT_REASONS, REPLACEMENT_REASON_LABELS } from '../../../domain/requests';
import type { DeviceDatabase } from '../../offline/db/device-database';

/**
 * The reports the device can compute from what it holds (cards, lot summaries, service orders),
 * with the same row functions the server uses (src/domain/reports/rows.ts): offline they read the
 * RxDB collections instead of the server.
 */
export interface DeviceReport {
  rows: ReportRow[];
  chart: ChartData | null;
}

export const deviceCanCompute = (id: ReportId) => REPORTS[id].offline;

async function cards(db: DeviceDatabase): Promise<ReportCard[]> {
  return (await db.cards.find().exec()).map((d) => d.toJSON() as unknown as ReportCard);
}
async function lots(db: DeviceDatabase): Promise<ReportLot[]> {
  return (await db.lots.find().exec()).map((d) => d.toJSON() as unknown as ReportLot);
}
async function orders(db: DeviceDatabase): Promise<ReportOrder[]> {
  return (await db.orders.find().exec()).map((d) => d.toJSON() as unknown as ReportOrder).filter((o) => !!o.figures);
}

function chartOf(id: ReportId, labels: string[], data: number[], label: string): ChartData | null {
  const def = REPORTS[id].chart;
  return def ? { ...def, labels, series: [{ label, data }] } : null;
}

const inDates = (at: string | null | undefined, f: ReportFilters) => {
  if (!at) return false;
  const { from, to } = instantRange(f);
  return at >= from && at < to;
};

export async function computeOnDevice(db: DeviceDatabase, id: ReportId, f: ReportFilters): Promise<DeviceReport> {
  switch (id) {
    case 'cardholders':
      return { rows: cardholderRows(await cards(db), f), chart: null };
    case 'cards-issued': {
      const all = await cards(db);
      const m = tally(all.filter((c) => inDates(c.issuedAt, f)).sort((a, b) => (a.issuedAt < b.issuedAt ? -1 : 1)), (c) => monthOf(c.issuedAt));
      return { rows: cardsIssuedRows(all, f), chart: chartOf(id, m.labels, m.data, 'Tarjetas emitidas') };
    }
    case 'replacements': {
      const all = await cards(db);
      const r = tally(
        all.filter((c) => c.replacement && inDates(c.replacement.requestedAt, f)),
        (c) => REPLACEMENT_REASON_LABELS[c.replacement!.reason as (typeof REPLACEMENT_REASONS)[number]] ?? c.replacement!.reason,
        () => 1,
        REPLACEMENT_REASONS.map((x) => REPLACEMENT_REASON_LABELS[x]),
      );
      return { rows: replacementRows(all, f), chart: chartOf(id, r.labels, r.data, 'Reposiciones') };
    }
    case 'cards-by-status': {
      const all = await cards(db);
      const s = tally(all, (c) => CARD_STATUS_LABELS[c.status as keyof typeof CARD_STATUS_LABELS] ?? c.status);
      return { rows: cardsByStatusRows(all), chart: chartOf(id, s.labels, s.data, 'Tarjetas') };
    }
    case 'lot-status': {
      const all = (await lots(db)).filter((l) => inDates(l.uploadedAt, f));
      const order = Object.values(LOT_STATUS_LABELS);
      const s = tally(all, (l) => LOT_STATUS_LABELS[l.status as keyof typeof LOT_STATUS_LABELS] ?? l.status, () => 1, order);
      const shown = s.labels.map((label, i) => ({ label, n: s.data[i] })).filter((x) => x.n > 0);
      return { rows: lotStatusRows(await lots(db), f), chart: chartOf(id, shown.map((x) => x.label), shown.map((x) => x.n), 'Lotes') };
    }
    case 'orders': {
      const all = await orders(db);
      const shown = all.filter((o) => inDates(o.createdAt, f)).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
      const m = tally(shown, (o) => monthOf(o.createdAt), (o) => o.figures.totalCents);
      return { rows: orderRows(all, f), chart: chartOf(id, m.labels, m.data, 'Total de órdenes') };
    }
    case 'invoiced-lots':
      return { rows: invoicedLotRowsOf(await orders(db), f), chart: null };
    default:
      return { rows: [], chart: null };
  }
}
