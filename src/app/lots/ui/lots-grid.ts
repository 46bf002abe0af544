import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import type { GridOptions, RowSelectionOptions, SelectionChangedEvent } from 'ag-grid-community';
import type { LotListItem } from '../../../domain/lots/lot.model';
import { Translator } from '../../core/i18n/translator';
import { baseGridOptions } from './grid';
import { type LotColumn, lotColumns } from './lot-columns';
import { narrowScreen } from './narrow';

/** On a phone the columns that identify a lot come first; the rest scroll sideways. */
const PHONE_ORDER: readonly LotColumn[] = ['status', 'id', 'total', 'type', 'signatures', 'errors', 'records'];

export function phoneOrder(columns: readonly LotColumn[]): LotColumn[] {
  const rank = (c: LotColumn) => (PHONE_ORDER.includes(c) ? PHONE_ORDER.indexOf(c) : PHONE_ORDER.length);
  return [...columns].sort((a, b) => rank(a) - rank(b));
}

/** A list of lots in ag-grid: single or multiple selection (checkboxes), row id = lot id. */
@Component({
  selector: 'app-lots-grid',
  imports: [AgGridAngular],
  template: `
    <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columnDefs()" [rowData]="rows()"
                     [rowSelection]="rowSelection()" [loading]="loading()"
                     (selectionChanged)="onSelection($event)" (rowClicked)="selection() === 'none' && $event.data && opened.emit($event.data)"
                     (rowDoubleClicked)="$event.data && opened.emit($event.data)" />
  `,
  styles: `
    :host { display: block; }
    .grid { display: block; width: 100%; height: var(--grid-height, 420px); }
    :host(.clickable) ::ng-deep .ag-row { cursor: pointer; }
    :host ::ng-deep .cell-error { color: var(--mat-sys-error); font-weight: 500; }
  `,
  host: { '[class.clickable]': "selection() === 'none'" },
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LotsGrid {
  private readonly translator = inject(Translator);
  readonly rows = input.required<LotListItem[]>();
  readonly columns = input.required<readonly LotColumn[]>();
  readonly selection = input<'single' | 'multi' | 'none'>('single');
  readonly loading = input(false);
  readonly selected = output<LotListItem[]>();
  readonly opened = output<LotListItem>();

  readonly options: GridOptions<LotListItem> = {
    ...baseGridOptions<LotListItem>(this.translator),
    getRowId: (p) => p.data.id,
  };
  private readonly narrow = narrowScreen();
  readonly columnDefs = computed(() =>
    lotColumns(this.translator, this.narrow() ? phoneOrder(this.columns()) : this.columns(), this.narrow()),
  );
  readonly rowSelection = computed<RowSelectionOptions<LotListItem> | undefined>(() => {
    switch (this.selection()) {
      case 'multi':
        return { mode: 'multiRow', checkboxes: true, headerCheckbox: true, enableClickSelection: true };
      case 'single':
        return { mode: 'singleRow', checkboxes: true, enableClickSelection: true };
      default:
        return undefined;
    }
  });

  onSelection(event: SelectionChangedEvent<LotListItem>): void {
    this.selected.emit(event.api.getSelectedRows());
  }
}
