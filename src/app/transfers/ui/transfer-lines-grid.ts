import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions } from 'ag-grid-community';
import { Translator } from '../../core/i18n/translator';
import { money } from '../../lots/ui/format';
import { baseGridOptions } from '../../lots/ui/grid';

/** One card of a preview or of a done transfer: balances before and after, and its outcome. */
export interface TransferLineRow {
  cardId: string;
  holderName: string;
  maskedPan: string;
  amountCents: number;
  beforeCents: number | null;
  afterCents: number | null;
  /** Spanish: "Listo", a refusal's reason… */
  outcome: string;
  problem: boolean;
}

@Component({
  selector: 'app-transfer-lines-grid',
  imports: [AgGridAngular],
  template: `<ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns()" [rowData]="lines()" />`,
  styles: `
    :host { display: block; }
    .grid { display: block; width: 100%; height: var(--grid-height, 260px); }
    :host ::ng-deep .problem { color: var(--mat-sys-error); font-weight: 500; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransferLinesGrid {
  private readonly translator = inject(Translator);
  readonly lines = input.required<TransferLineRow[]>();
  readonly options: GridOptions<TransferLineRow> = { ...baseGridOptions<TransferLineRow>(this.translator), getRowId: (p) => p.data.cardId, suppressColumnVirtualisation: true };

  readonly columns = computed<ColDef<TransferLineRow>[]>(() => {
    const t = this.translator.t.bind(this.translator);
    const cents = (field: keyof TransferLineRow, key: Parameters<Translator['t']>[0]): ColDef<TransferLineRow> => ({
      field,
      headerName: t(key),
      width: 130,
      type: 'rightAligned',
      valueFormatter: (p) => (p.value === null ? '—' : money(p.value as number)),
    });
    return [
      { field: 'holderName', headerName: t('transfer.col.holder'), flex: 1, minWidth: 160 },
      { field: 'maskedPan', headerName: t('transfer.col.card'), width: 170 },
      cents('afterCents', 'transfer.col.after'),
      cents('amountCents', 'transfer.col.amount'),
      { field: 'outcome', headerName: t('transfer.col.outcome'), minWidth: 160, flex: 1, tooltipField: 'outcome', cellClassRules: { problem: (p) => !!p.data?.problem } },
      cents('beforeCents', 'transfer.col.before'),
    ];
  });
}
