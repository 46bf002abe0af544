import type { ColDef } from 'ag-grid-community';
import type { LotListItem } from '../../../domain/lots/lot.model';
import type { Translator } from '../../core/i18n/translator';
import { count, dateTime, money } from './format';
import { lotStatusKey, lotTypeKey } from './labels';

export type LotColumn =
  | 'id' | 'type' | 'product' | 'status' | 'records' | 'total' | 'errors' | 'file' | 'uploadedBy' | 'uploadedAt' | 'signatures' | 'order';

/** Column definitions of lot lists (tray, authorization, orders, queries), texts from the catalogue. */
export function lotColumns(translator: Translator, which: readonly LotColumn[], narrow = false): ColDef<LotListItem>[] {
  const t = translator.t.bind(translator);
  const all: Record<LotColumn, ColDef<LotListItem>> = {
    id: narrow
      ? { colId: 'id', field: 'id', headerName: t('lot.id'), width: 190 }
      : { colId: 'id', field: 'id', headerName: t('lot.id'), minWidth: 210, flex: 1 },
    type: {
      colId: 'type',
      field: 'type',
      headerName: t('lot.type'),
      width: 90,
      tooltipValueGetter: (p) => (p.data ? t(lotTypeKey(p.data.type)) : ''),
    },
    product: { colId: 'product', field: 'productCode', headerName: t('lot.product'), width: 110 },
    status: {
      colId: 'status',
      field: 'status',
      headerName: t('lot.status'),
      width: narrow ? 150 : 190,
      wrapText: narrow,
      autoHeight: narrow,
      valueFormatter: (p) => (p.value ? t(lotStatusKey(p.value)) : ''),
    },
    records: {
      colId: 'records',
      field: 'recordCount',
      headerName: t('lot.records'),
      width: 110,
      type: 'rightAligned',
      valueFormatter: (p) => (typeof p.value === 'number' ? count(p.value) : ''),
    },
    total: {
      colId: 'total',
      field: 'totalCents',
      headerName: t('lot.total'),
      width: 150,
      type: 'rightAligned',
      valueFormatter: (p) => money(p.value),
    },
    errors: {
      colId: 'errors',
      field: 'errorCount',
      headerName: t('lot.errors'),
      width: 100,
      type: 'rightAligned',
      cellClassRules: { 'cell-error': (p) => (p.value ?? 0) > 0 },
    },
    file: { colId: 'file', field: 'fileName', headerName: t('lot.file'), minWidth: 160, flex: 1, tooltipField: 'fileName' },
    uploadedBy: { colId: 'uploadedBy', field: 'uploadedBy', headerName: t('lot.uploadedBy'), width: 130 },
    uploadedAt: {
      colId: 'uploadedAt',
      field: 'uploadedAt',
      headerName: t('lot.uploadedAt'),
      width: 180,
      valueFormatter: (p) => dateTime(p.value),
      sort: 'desc',
    },
    signatures: {
      colId: 'signatures',
      headerName: t('lot.signatures'),
      width: 110,
      valueGetter: (p) =>
        p.data ? t('lot.signaturesOf', { count: p.data.signatures.length, required: p.data.signaturesRequired }) : '',
      tooltipValueGetter: (p) => p.data?.signatures.map((s) => s.userId).join(', ') ?? '',
    },
    order: { colId: 'order', field: 'orderId', headerName: t('lot.order'), width: 160 },
  };
  return which.map((column) => all[column]);
}
