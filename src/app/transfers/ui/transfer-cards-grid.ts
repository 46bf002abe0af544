import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions, RowSelectionOptions, SelectionChangedEvent } from 'ag-grid-community';
import { Translator } from '../../core/i18n/translator';
import { money } from '../../lots/ui/format';
import { baseGridOptions } from '../../lots/ui/grid';
import type { TransferCardRow } from '../data/transfers-api';
import type { CardStatus } from '../../../domain/statuses';

/** The product's cards with their balances, to pick for a transfer (checkboxes; masked numbers only). */
@Component({
  selector: 'app-transfer-cards-grid',
  imports: [AgGridAngular],
  template: `
    <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns()" [rowData]="rows()" [rowSelection]="selection"
                     [loading]="loading()" (selectionChanged)="onSelection($event)" />
  `,
  styles: `
    :host { display: block; }
    .grid { display: block; width: 100%; height: var(--grid-height, 360px); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TransferCardsGrid {
  private readonly translator = inject(Translator);
  readonly rows = input.required<TransferCardRow[]>();
  readonly loading = input(false);
  readonly selected = output<TransferCardRow[]>();
  readonly options: GridOptions<TransferCardRow> = { ...baseGridOptions<TransferCardRow>(this.translator), getRowId: (p) => p.data.cardId, suppressColumnVirtualisation: true };
  readonly selection: RowSelectionOptions<TransferCardRow> = { mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: true };

  readonly columns = computed<ColDef<TransferCardRow>[]>(() => {
    const t = this.translator.t.bind(this.translator);
    return [
      { field: 'holderName', headerName: t('transfer.col.holder'), flex: 1, minWidth: 170 },
      { field: 'balanceCents', headerName: t('transfer.col.balance'), width: 130, type: 'rightAligned', valueFormatter: (p) => money(p.value as number) },
      { field: 'status', headerName: t('transfer.col.status'), width: 120, valueFormatter: (p) => t(`transfer.cardStatus.${p.value as CardStatus}`) },
      { field: 'maskedPan', headerName: t('transfer.col.card'), width: 170 },
      { field: 'holderId', headerName: t('transfer.col.holderId'), width: 120 },
    ];
  });

  onSelection(event: SelectionChangedEvent<TransferCardRow>): void {
    this.selected.emit(event.api.getSelectedRows());
  }
}
