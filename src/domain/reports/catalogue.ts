/**
 * The reports catalogue (PRODUCT.md chapter 8): one definition the server pages, charts and exports
 * from, and the Angular screen builds its filters, table and chart from. Labels are Spanish here
 * because exports written by the server carry them too (as the lot layouts do).
 */
import { CARD_STATUSES, LOT_STATUSES, ORDER_STATUSES, PLASTIC_STATUSES } from '../statuses';

export const REPORT_IDS = [
  'cardholders',
  'cards-issued',
  'recharges',
  'debits',
  'replacements',
  'lot-status',
  'orders',
  'invoiced-lots',
  'master-statement',
  'card-balances',
  'card-statement',
  'cards-by-status',
  'user-activity',
] as const;
export type ReportId = (typeof REPORT_IDS)[number];

export function isReportId(value: unknown): value is ReportId {
  return typeof value === 'string' && (REPORT_IDS as readonly string[]).includes(value);
}

/** How a cell is shown: money is integer cents, dates are ISO instants. */
export type ColumnKind = 'text' | 'money' | 'number' | 'datetime';

export interface ReportColumn {
  key: string;
  label: string;
  kind: ColumnKind;
}

/**
 * Filters a report accepts: `dates` (from/to, calendar days), `date` (one day: balances at its end),
 * `product`, `branch`, `status`, `holder` (id number), `user` (audit).
 */
export type ReportFilterKind = 'dates' | 'date' | 'product' | 'branch' | 'status' | 'holder' | 'user';

export type ChartKind = 'bar' | 'line' | 'doughnut';

export interface ReportDefinition {
  id: ReportId;
  title: string;
  description: string;
  columns: ReportColumn[];
  filters: ReportFilterKind[];
  /** the values of the `status` filter, with their Spanish labels */
  statuses?: Record<string, string>;
  /** filters that must be given (e.g. a card statement needs the holder) */
  required?: ReportFilterKind[];
  chart?: { kind: ChartKind; title: string; money: boolean };
  /** computed from data the device holds (cards, lots, orders): also works offline */
  offline: boolean;
}

export const CARD_STATUS_LABELS: Record<(typeof CARD_STATUSES)[number], string> = {
  ACTIVE: 'Activa',
  BLOCKED: 'Bloqueada',
  CANCELLED: 'Cancelada',
};
export const PLASTIC_STATUS_LABELS: Record<(typeof PLASTIC_STATUSES)[number], string> = {
  AT_BANK: 'En el banco',
  SENT_TO_COMPANY: 'Enviada a la empresa',
  RECEIVED_AT_COMPANY: 'Recibida en la empresa',
  DELIVERED: 'Entregada al tarjetahabiente',
};
export const LOT_STATUS_LABELS: Record<(typeof LOT_STATUSES)[number], string> = {
  VALIDATING: 'Validando',
  INVALID: 'Inválido',
  VALID: 'Válido',
  PENDING_AUTHORIZATION: 'Pendiente de autorización',
  AUTHORIZED: 'Autorizado',
  ORDERED: 'En orden de servicio',
  PROCESSING: 'Procesando',
  PROCESSED: 'Procesado',
  DELETED: 'Eliminado',
  CANCELLED: 'Cancelado',
};
export const ORDER_STATUS_LABELS: Record<(typeof ORDER_STATUSES)[number], string> = {
  PENDING_PAYMENT: 'Pendiente de pago',
  PAID: 'Pagada',
  VOIDED: 'Anulada',
};
export const OUTCOME_LABELS: Record<'ok' | 'refused', string> = { ok: 'Correcto', refused: 'Rechazado' };

const c = (key: string, label: string, kind: ColumnKind = 'text'): ReportColumn => ({ key, label, kind });
const HOLDER = [c('holderId', 'Cédula'), c('holderName', 'Tarjetahabiente')];
const CARD = [c('maskedPan', 'Tarjeta'), c('productCode', 'Producto'), c('branchCode', 'Sucursal')];
const CARD_FILTERS: ReportFilterKind[] = ['product', 'branch', 'status', 'holder'];

export const REPORTS: Record<ReportId, ReportDefinition> = {
  cardholders: {
    id: 'cardholders',
    title: 'Tarjetahabientes',
    description: 'Titulares de las tarjetas con sus datos de contacto, producto, sucursal y estado.',
    columns: [...HOLDER, c('email', 'Correo'), c('phone', 'Teléfono'), ...CARD, c('status', 'Estado')],
    filters: CARD_FILTERS,
    statuses: CARD_STATUS_LABELS,
    offline: true,
  },
  'cards-issued': {
    id: 'cards-issued',
    title: 'Tarjetas emitidas',
    description: 'Tarjetas emitidas en el período, con su estado y el del plástico.',
    columns: [c('issuedAt', 'Emitida', 'datetime'), ...HOLDER, ...CARD, c('status', 'Estado'), c('plasticStatus', 'Plástico')],
    filters: ['dates', ...CARD_FILTERS],
    statuses: CARD_STATUS_LABELS,
    chart: { kind: 'bar', title: 'Tarjetas emitidas por mes', money: false },
    offline: true,
  },
  recharges: {
    id: 'recharges',
    title: 'Recargas',
    description: 'Abonos a tarjetas (lotes de emisión con carga inicial, recargas y transferencias).',
    columns: [c('at', 'Fecha', 'datetime'), ...HOLDER, ...CARD, c('amountCents', 'Monto', 'money'), c('source', 'Origen')],
    filters: ['dates', 'product', 'branch', 'holder'],
    chart: { kind: 'bar', title: 'Recargas por mes', money: true },
    offline: false,
  },
  debits: {
    id: 'debits',
    title: 'Débitos',
    description: 'Débitos de tarjetas devueltos a la cuenta maestra.',
    columns: [c('at', 'Fecha', 'datetime'), ...HOLDER, ...CARD, c('amountCents', 'Monto', 'money'), c('source', 'Origen')],
    filters: ['dates', 'product', 'branch', 'holder'],
    chart: { kind: 'bar', title: 'Débitos por mes', money: true },
    offline: false,
  },
  replacements: {
    id: 'replacements',
    title: 'Reposiciones',
    description: 'Reposiciones solicitadas, con su motivo, sucursal de entrega y estado del plástico.',
    columns: [c('requestedAt', 'Solicitada', 'datetime'), ...HOLDER, ...CARD, c('reason', 'Motivo'), c('plasticStatus', 'Plástico'), c('status', 'Estado')],
    filters: ['dates', ...CARD_FILTERS],
    statuses: CARD_STATUS_LABELS,
    chart: { kind: 'doughnut', title: 'Reposiciones por motivo', money: false },
    offline: true,
  },
  'lot-status': {
    id: 'lot-status',
    title: 'Estado de lotes',
    description: 'Lotes cargados en el período y su estado.',
    columns: [
      c('uploadedAt', 'Cargado', 'datetime'),
      c('lotId', 'Lote'),
      c('lotType', 'Tipo'),
      c('productCode', 'Producto'),
      c('status', 'Estado'),
      c('recordCount', 'Registros', 'number'),
      c('totalCents', 'Total', 'money'),
      c('uploadedBy', 'Usuario'),
    ],
    filters: ['dates', 'product', 'status'],
    statuses: LOT_STATUS_LABELS,
    chart: { kind: 'bar', title: 'Lotes por estado', money: false },
    offline: true,
  },
  orders: {
    id: 'orders',
    title: 'Órdenes de servicio y pagos',
    description: 'Órdenes generadas en el período, sus montos y su pago.',
    columns: [
      c('createdAt', 'Creada', 'datetime'),
      c('number', 'Número', 'number'),
      c('productCode', 'Producto'),
      c('lotType', 'Tipo'),
      c('status', 'Estado'),
      c('totalCents', 'Total', 'money'),
      c('paymentMethod', 'Pago'),
      c('paidAt', 'Pagada', 'datetime'),
      c('invoiceNumber', 'Factura'),
    ],
    filters: ['dates', 'product', 'status'],
    statuses: ORDER_STATUS_LABELS,
    chart: { kind: 'bar', title: 'Monto de órdenes por mes', money: true },
    offline: true,
  },
  'invoiced-lots': {
    id: 'invoiced-lots',
    title: 'Lotes facturados',
    description: 'Lotes de órdenes facturadas, con su factura.',
    columns: [
      c('invoicedAt', 'Facturada', 'datetime'),
      c('invoiceNumber', 'Factura'),
      c('orderNumber', 'Orden', 'number'),
      c('lotId', 'Lote'),
      c('lotType', 'Tipo'),
      c('productCode', 'Producto'),
      c('recordCount', 'Registros', 'number'),
      c('totalCents', 'Total', 'money'),
    ],
    filters: ['dates', 'product'],
    offline: true,
  },
  'master-statement': {
    id: 'master-statement',
    title: 'Estado de cuenta maestra',
    description: 'Movimientos de la cuenta maestra del producto con el saldo después de cada uno.',
    columns: [c('at', 'Fecha', 'datetime'), c('concept', 'Concepto'), c('reference', 'Referencia'), c('amountCents', 'Monto', 'money'), c('balanceCents', 'Saldo', 'money')],
    filters: ['dates', 'product'],
    required: ['product'],
    chart: { kind: 'line', title: 'Saldo de la cuenta maestra al cierre de cada mes', money: true },
    offline: false,
  },
  'card-balances': {
    id: 'card-balances',
    title: 'Saldos de tarjetas a una fecha',
    description: 'Saldo de cierre de cada tarjeta al final del día indicado, calculado del libro mayor.',
    columns: [...HOLDER, ...CARD, c('status', 'Estado'), c('balanceCents', 'Saldo al cierre', 'money')],
    filters: ['date', ...CARD_FILTERS],
    statuses: CARD_STATUS_LABELS,
    required: ['date'],
    offline: false,
  },
  'card-statement': {
    id: 'card-statement',
    title: 'Estado de cuenta de tarjeta',
    description: 'Movimientos de las tarjetas de un tarjetahabiente con el saldo después de cada uno.',
    columns: [c('at', 'Fecha', 'datetime'), c('maskedPan', 'Tarjeta'), c('concept', 'Concepto'), c('reference', 'Referencia'), c('amountCents', 'Monto', 'money'), c('balanceCents', 'Saldo', 'money')],
    filters: ['dates', 'holder'],
    required: ['holder'],
    offline: false,
  },
  'cards-by-status': {
    id: 'cards-by-status',
    title: 'Tarjetas por estado',
    description: 'Cuántas tarjetas hay en cada estado de la cuenta y del plástico.',
    columns: [c('group', 'Grupo'), c('status', 'Estado'), c('count', 'Tarjetas', 'number')],
    filters: [],
    chart: { kind: 'doughnut', title: 'Tarjetas por estado', money: false },
    offline: true,
  },
  'user-activity': {
    id: 'user-activity',
    title: 'Actividad de usuarios',
    description: 'El registro de auditoría: quién hizo qué, cuándo, desde dónde y con qué resultado. Filtrando por usuario se ven también sus inicios de sesión y cambios de contraseña.',
    columns: [
      c('at', 'Fecha', 'datetime'),
      c('userId', 'Usuario'),
      c('action', 'Operación'),
      c('origin', 'Origen'),
      c('ip', 'IP'),
      c('outcome', 'Resultado'),
      c('reason', 'Motivo'),
      c('details', 'Detalle'),
    ],
    filters: ['dates', 'user', 'status'],
    statuses: OUTCOME_LABELS,
    chart: { kind: 'bar', title: 'Operaciones por día', money: false },
    offline: false,
  },
};

/** A report row: cells keyed by column key; money in integer cents, dates as ISO instants. */
export type ReportCell = string | number | null;
export type ReportRow = Record<string, ReportCell>;

/** The filters as the API takes them (query string) and the screen holds them. */
export interface ReportFilters {
  /** yyyy-mm-dd, calendar days in Venezuela (UTC−4), inclusive */
  from?: string;
  to?: string;
  /** yyyy-mm-dd: balances at the end of this day */
  date?: string;
  product?: string;
  branch?: string;
  status?: string;
  /** holder id number (digits, an optional V/E/P prefix is dropped) */
  holder?: string;
  user?: string;
}

export interface ReportPage {
  rows: ReportRow[];
  /** opaque cursor of the next page; null at the end */
  next: string | null;
  /** the number of rows when the store can count them cheaply, else null */
  total: number | null;
}

export interface ChartData {
  kind: ChartKind;
  title: string;
  money: boolean;
  labels: string[];
  series: { label: string; data: number[] }[];
  /** what the chart leaves out, when it cannot follow every filter (Spanish) */
  note?: string;
}

/** Largest page the API serves (the grid asks 200 at a time; exports read 1,000). */
export const REPORT_PAGE_MAX = 1000;
/** A PDF holds at most this many rows and says so; XLSX and CSV hold every row. */
export const REPORT_PDF_MAX_ROWS = 2000;
