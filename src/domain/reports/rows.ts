/**
 * How a document becomes report rows, and whether it passes the filters: the same functions run on
 * the server (over a page read from a view) and on the device (over the RxDB collections, offline).
 */
import { REPLACEMENT_REASON_LABELS, type ReplacementReason } from '../requests';
import {
  CARD_STATUS_LABELS,
  LOT_STATUS_LABELS,
  ORDER_STATUS_LABELS,
  PLASTIC_STATUS_LABELS,
  type ReportFilters,
  type ReportRow,
} from './catalogue';

/** The card fields reports read (server CardDoc and the device's LocalCard both fit). */
export interface ReportCard {
  _id: string;
  cardId: string;
  productCode: string;
  holder: { idType: string; idNumber: string; firstName: string; lastName: string; email?: string; phone?: string };
  maskedPan: string;
  status: string;
  plasticStatus: string;
  branchCode: string;
  balanceCents: number;
  issuedAt: string;
  replacement?: { reason: string; branchCode: string; requestedAt: string } | null;
}

export interface ReportLot {
  id: string;
  lotType: string;
  productCode: string;
  status: string;
  recordCount: number;
  totalCents: number;
  uploadedBy: string;
  uploadedAt: string;
}

export interface ReportOrder {
  id: string;
  number: number;
  status: string;
  productCode: string;
  lotType: string;
  createdAt: string;
  figures: { totalCents: number };
  payment: { method: string; at: string; reference: string | null } | null;
  invoice: { number: string; at: string } | null;
  lots: { lotId: string; lotType: string; productCode: string; recordCount: number; totalCents: number }[];
}

/** Venezuela has no daylight saving: a calendar day starts at 04:00 UTC. */
export const DAY_OFFSET_HOURS = 4;

/** The first instant of a day (yyyy-mm-dd), plus some days. */
export function dayStart(day: string, plusDays = 0): string {
  return new Date(Date.parse(`${day}T0${DAY_OFFSET_HOURS}:00:00.000Z`) + plusDays * 86_400_000).toISOString();
}

/** [from, to) as instants for a filter's days; open ends are '' and '\ufff0'. */
export function instantRange(filters: ReportFilters): { from: string; to: string } {
  return {
    from: filters.from ? dayStart(filters.from) : '',
    to: filters.to ? dayStart(filters.to, 1) : '\ufff0',
  };
}

/** Holder id numbers are compared without their V/E/P prefix. */
export function holderKey(text: string): string {
  return text.trim().replace(/^[VEPvep]-?/, '');
}

const holderName = (h: ReportCard['holder']) => `${h.firstName} ${h.lastName}`.trim();
const holderId = (h: ReportCard['holder']) => `${h.idType}-${h.idNumber}`;
const label = (labels: Record<string, string>, value: string | null | undefined) => (value ? (labels[value] ?? value) : '');

export function cardMatches(card: ReportCard, f: ReportFilters): boolean {
  if (f.product && card.productCode !== f.product) return false;
  if (f.branch && card.branchCode !== f.branch) return false;
  if (f.status && card.status !== f.status) return false;
  if (f.holder && card.holder.idNumber !== holderKey(f.holder)) return false;
  return true;
}

const inRange = (at: string | null | undefined, f: ReportFilters) => {
  if (!f.from && !f.to) return true;
  if (!at) return false;
  const { from, to } = instantRange(f);
  return at >= from && at < to;
};

export function cardholderRow(card: ReportCard): ReportRow {
  return {
    holderId: holderId(card.holder),
    holderName: holderName(card.holder),
    email: card.holder.email ?? '',
    phone: card.holder.phone ?? '',
    maskedPan: card.maskedPan,
    productCode: card.productCode,
    branchCode: card.branchCode,
    status: label(CARD_STATUS_LABELS, card.status),
  };
}

export function cardIssuedRow(card: ReportCard): ReportRow {
  return {
    issuedAt: card.issuedAt,
    holderId: holderId(card.holder),
    holderName: holderName(card.holder),
    maskedPan: card.maskedPan,
    productCode: card.productCode,
    branchCode: card.branchCode,
    status: label(CARD_STATUS_LABELS, card.status),
    plasticStatus: label(PLASTIC_STATUS_LABELS, card.plasticStatus),
  };
}

export function replacementRow(card: ReportCard): ReportRow {
  const r = card.replacement!;
  return {
    requestedAt: r.requestedAt,
    holderId: holderId(card.holder),
    holderName: holderName(card.holder),
    maskedPan: card.maskedPan,
    productCode: card.productCode,
    branchCode: r.branchCode,
    reason: label(REPLACEMENT_REASON_LABELS, r.reason as ReplacementReason),
    plasticStatus: label(PLASTIC_STATUS_LABELS, card.plasticStatus),
    status: label(CARD_STATUS_LABELS, card.status),
  };
}

/** A ledger movement of a card, with the card it belongs to (recharges, debits). */
export function cardMovementRow(card: ReportCard | null, at: string, amountCents: number, cause: string): ReportRow {
  return {
    at,
    holderId: card ? holderId(card.holder) : '',
    holderName: card ? holderName(card.holder) : '',
    maskedPan: card?.maskedPan ?? '',
    productCode: card?.productCode ?? '',
    branchCode: card?.branchCode ?? '',
    amountCents: Math.abs(amountCents),
    source: causeLabel(cause).concept,
  };
}

export function cardBalanceRow(card: ReportCard, balanceCents: number): ReportRow {
  return {
    holderId: holderId(card.holder),
    holderName: holderName(card.holder),
    maskedPan: card.maskedPan,
    productCode: card.productCode,
    branchCode: card.branchCode,
    status: label(CARD_STATUS_LABELS, card.status),
    balanceCents,
  };
}

export function lotRow(lot: ReportLot): ReportRow {
  return {
    uploadedAt: lot.uploadedAt,
    lotId: lot.id,
    lotType: lot.lotType,
    productCode: lot.productCode,
    status: label(LOT_STATUS_LABELS, lot.status),
    recordCount: lot.recordCount,
    totalCents: lot.totalCents,
    uploadedBy: lot.uploadedBy,
  };
}

const PAYMENT_LABELS: Record<string, string> = { master: 'Cuenta maestra', operator: 'Registrado por el operador', none: 'Sin monto' };

export function orderRow(order: ReportOrder): ReportRow {
  return {
    createdAt: order.createdAt,
    number: order.number,
    productCode: order.productCode,
    lotType: order.lotType,
    status: label(ORDER_STATUS_LABELS, order.status),
    totalCents: order.figures.totalCents,
    paymentMethod: order.payment ? label(PAYMENT_LABELS, order.payment.method) : '',
    paidAt: order.payment?.at ?? null,
    invoiceNumber: order.invoice?.number ?? '',
  };
}

export function invoicedLotRows(order: ReportOrder): ReportRow[] {
  if (!order.invoice) return [];
  return order.lots.map((l) => ({
    invoicedAt: order.invoice!.at,
    invoiceNumber: order.invoice!.number,
    orderNumber: order.number,
    lotId: l.lotId,
    lotType: l.lotType,
    productCode: l.productCode,
    recordCount: l.recordCount,
    totalCents: l.totalCents,
  }));
}

/** A ledger cause in words: `order:<id>` → payment of an order, `lot:<lotId>:<line>` → a lot's record. */
export function causeLabel(cause: string): { concept: string; reference: string } {
  const [kind, ...rest] = cause.split(':');
  const ref = rest.join(':');
  switch (kind) {
    case 'order':
      return { concept: 'Pago de orden de servicio', reference: ref };
    case 'lot':
      return { concept: 'Procesamiento de lote', reference: ref.replace(/:(\d+)$/, ' línea $1') };
    case 'lotchunk':
      return { concept: 'Débitos de lote', reference: ref };
    case 'opening':
      return { concept: 'Saldo inicial', reference: ref };
    case 'transfer':
      if (ref.endsWith(':fee')) return { concept: 'Comisión por transferencia', reference: ref.slice(0, -4) };
      if (ref.endsWith(':funding')) return { concept: 'Fondeo desde cuenta registrada', reference: ref.slice(0, -8) };
      return { concept: 'Transferencia maestra', reference: ref };
    case 'funding':
      return { concept: 'Fondeo de cuenta maestra', reference: ref };
    default:
      return { concept: kind, reference: ref };
  }
}

// ---- offline: the reports the device can compute from its own collections --------------------------

export function cardholderRows(cards: ReportCard[], f: ReportFilters): ReportRow[] {
  return byId(cards).filter((c) => cardMatches(c, f)).map(cardholderRow);
}

export function cardsIssuedRows(cards: ReportCard[], f: ReportFilters): ReportRow[] {
  return cards
    .filter((c) => cardMatches(c, f) && inRange(c.issuedAt, f))
    .sort((a, b) => cmp(a.issuedAt, b.issuedAt) || cmp(a._id, b._id))
    .map(cardIssuedRow);
}

export function replacementRows(cards: ReportCard[], f: ReportFilters): ReportRow[] {
  return cards
    .filter((c) => !!c.replacement && cardMatches(c, f) && inRange(c.replacement.requestedAt, f))
    .sort((a, b) => cmp(a.replacement!.requestedAt, b.replacement!.requestedAt) || cmp(a._id, b._id))
    .map(replacementRow);
}

export function lotStatusRows(lots: ReportLot[], f: ReportFilters): ReportRow[] {
  return lots
    .filter((l) => (!f.product || l.productCode === f.product) && (!f.status || l.status === f.status) && inRange(l.uploadedAt, f))
    .sort((a, b) => cmp(a.uploadedAt, b.uploadedAt) || cmp(a.id, b.id))
    .map(lotRow);
}

export function orderRows(orders: ReportOrder[], f: ReportFilters): ReportRow[] {
  return orders
    .filter((o) => (!f.product || o.productCode === f.product) && (!f.status || o.status === f.status) && inRange(o.createdAt, f))
    .sort((a, b) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id))
    .map(orderRow);
}

export function invoicedLotRowsOf(orders: ReportOrder[], f: ReportFilters): ReportRow[] {
  return orders
    .filter((o) => !!o.invoice && (!f.product || o.productCode === f.product) && inRange(o.invoice.at, f))
    .sort((a, b) => cmp(a.invoice!.at, b.invoice!.at) || cmp(a.id, b.id))
    .flatMap(invoicedLotRows);
}

/** Cards per card status and per plastic status (the same rows the server's view counts). */
export function cardsByStatusRows(cards: ReportCard[]): ReportRow[] {
  const status = new Map<string, number>();
  const plastic = new Map<string, number>();
  for (const c of cards) {
    status.set(c.status, (status.get(c.status) ?? 0) + 1);
    plastic.set(c.plasticStatus, (plastic.get(c.plasticStatus) ?? 0) + 1);
  }
  return statusCountRows(status, plastic);
}

export function statusCountRows(status: Map<string, number>, plastic: Map<string, number>): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const key of Object.keys(CARD_STATUS_LABELS)) {
    if (status.has(key)) rows.push({ group: 'Cuenta', status: label(CARD_STATUS_LABELS, key), count: status.get(key)! });
  }
  for (const key of Object.keys(PLASTIC_STATUS_LABELS)) {
    if (plastic.has(key)) rows.push({ group: 'Plástico', status: label(PLASTIC_STATUS_LABELS, key), count: plastic.get(key)! });
  }
  return rows;
}

/** yyyy-mm of an instant, in Venezuelan time (a month starts at 04:00 UTC on its first day). */
export function monthOf(at: string): string {
  return new Date(Date.parse(at) - DAY_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 7);
}

/** Counts (or sums) per label, labels in first-seen order unless `order` is given. */
export function tally<T>(items: T[], keyOf: (t: T) => string, valueOf: (t: T) => number = () => 1, order?: string[]): { labels: string[]; data: number[] } {
  const sums = new Map<string, number>();
  for (const key of order ?? []) sums.set(key, 0);
  for (const item of items) {
    const key = keyOf(item);
    sums.set(key, (sums.get(key) ?? 0) + valueOf(item));
  }
  const labels = [...sums.keys()].filter((k) => !order || (sums.get(k) ?? 0) > 0 || order.includes(k));
  return { labels, data: labels.map((l) => sums.get(l) ?? 0) };
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byId = (cards: ReportCard[]) => [...cards].sort((a, b) => cmp(a._id, b._id));
