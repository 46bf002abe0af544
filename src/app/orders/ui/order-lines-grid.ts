import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions } from 'ag-grid-community';
import type { OrderLotLine } from '../../../domain/orders/order.model';
import { Translator } from '../../core/i18n/translator';
import { count, money } from '../../lots/ui/format';
import { baseGridOptions } from '../../lots/ui/grid';
import { lotTypeKey } from '../../lots/ui/labels';

export interface OrderLineRow extends OrderLotLine {
  /** which future order (calculation) or order number it belongs to */
  group: string;
}

/** The lots of a calculation or an order with their figures (ag-grid). */
@Component({
  selector: 'app-order-lines-grid',
  imports: [AgGridAngular],
  template: `<ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns()" [rowData]="lines()" />`,
  styles: `
    :host { display: block; }
    .grid { display: block; width: 100%; height: var(--grid-height, 300px); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderLinesGrid {
  private readonly translator = inject(Translator);
  readonly lines = input.required<OrderLineRow[]>();
  readonly showGroup = input(true);
  readonly options: GridOptions<OrderLineRow> = { ...baseGridOptions<OrderLineRow>(this.translator), getRowId: (p) => p.data.lotId };

  readonly columns = computed<ColDef<OrderLineRow>[]>(() => {
    const t = this.translator.t.bind(this.translator);
    const amount = (field: keyof OrderLineRow, key: Parameters<Translator['t']>[0]): ColDef<OrderLineRow> => ({
      field,
      headerName: t(key),
      width: 150,
      type: 'rightAligned',
      valueFormatter: (p) => money(p.value as number),
    });
    return [
      ...(this.showGroup() ? [{ field: 'group', headerName: t('orderCreate.group'), width: 110 } as ColDef<OrderLineRow>] : []),
      { field: 'lotId', headerName: t('lot.id'), minWidth: 200, flex: 1 },
      { field: 'lotType', headerName: t('lot.type'), width: 90, tooltipValueGetter: (p) => (p.data ? t(lotTypeKey(p.data.lotType)) : '') },
      { field: 'recordCount', headerName: t('lot.records'), width: 110, type: 'rightAligned', valueFormatter: (p) => count(p.value ?? 0) },
      amount('rechargeCents', 'order.recharge'),
      amount('issuanceFeesCents', 'order.issuanceFees'),
      amount('commissionCents', 'order.commission'),
      amount('taxCents', 'order.tax'),
      amount('totalCents', 'order.total'),
      {
        colId: 'billable',
        headerName: t('order.billable'),
        width: 110,
        valueGetter: (p) => (p.data ? t(p.data.billable ? 'common.yes' : 'common.no') : ''),
      },
    ];
  });
}
