import { REPORTS, type ChartData, type ReportFilters, type ReportId, type ReportRow } from '../../../domain/reports/catalogue';
import { chartFromRows } from '../../../domain/reports/charts';
import {
  type ReportCard,
  type ReportLot,
  type ReportOrder,
  cardholderRows,
  cardsByStatusRows,
  cardsIssuedRows,
  invoicedLotRowsOf,
  lotStatusRows,
  orderRows,
  replacementRows,
} from '../../../domain/reports/rows';
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

export async function computeOnDevice(db: DeviceDatabase, id: ReportId, f: ReportFilters): Promise<DeviceReport> {
  const rows = await rowsOnDevice(db, id, f);
  return { rows, chart: chartFromRows(id, rows) };
}

async function rowsOnDevice(db: DeviceDatabase, id: ReportId, f: ReportFilters): Promise<ReportRow[]> {
  switch (id) {
    case 'cardholders':
      return cardholderRows(await cards(db), f);
    case 'cards-issued':
      return cardsIssuedRows(await cards(db), f);
    case 'replacements':
      return replacementRows(await cards(db), f);
    case 'cards-by-status':
      return cardsByStatusRows(await cards(db));
    case 'lot-status':
      return lotStatusRows(await lots(db), f);
    case 'orders':
      return orderRows(await orders(db), f);
    case 'invoiced-lots':
      return invoicedLotRowsOf(await orders(db), f);
    default:
      return [];
  }
}
