import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions } from 'ag-grid-community';
import type { StatementEntryAnswer } from '../../../domain/transfers/transfer.model';
import { Translator } from '../../core/i18n/translator';
import { dateTime, money } from '../../lots/ui/format';
import { baseGridOptions } from '../../lots/ui/grid';

/** The master account statement (ag-grid): every ledger entry, newest first, with the balance after it. */
@Component({
  selector: 'app-statement-grid',
  imports: [AgGridAngular],
  template: `<ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns()" [rowData]="entries()" [loading]="loading()" />`,
  styles: `
    :host { display: block; }
    .grid { display: block; width: 100%; height: var(--grid-height, 420px); }
    :host ::ng-deep .debit { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatementGrid {
  private readonly translator = inject(Translator);
  readonly entries = input.required<StatementEntryAnswer[]>();
  readonly loading = input(false);
  readonly options: GridOptions<StatementEntryAnswer> = { ...baseGridOptions<StatementEntryAnswer>(this.translator), getRowId: (p) => p.data.id, suppressColumnVirtualisation: true };

  readonly columns = computed<ColDef<StatementEntryAnswer>[]>(() => {
    const t = this.translator.t.bind(this.translator);
    return [
      { field: 'at', headerName: t('master.col.at'), width: 170, valueFormatter: (p) => dateTime(p.value as string) },
      { field: 'description', headerName: t('master.col.description'), flex: 1, minWidth: 200, tooltipField: 'cause' },
      {
        field: 'amountCents',
        headerName: t('master.col.amount'),
        width: 140,
        type: 'rightAligned',
        valueFormatter: (p) => money(p.value as number),
        cellClassRules: { debit: (p) => (p.value as number) < 0 },
      },
      { field: 'balanceAfterCents', headerName: t('master.col.balance'), width: 150, type: 'rightAligned', valueFormatter: (p) => money(p.value as number) },
    ];
  });
}
