import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions } from 'ag-grid-community';
import { Translator } from '../../core/i18n/translator';
import { baseGridOptions } from '../../lots/ui/grid';
import type { LayoutRow } from './layout-rows';

/** A lot layout field by field (ag-grid, auto height: a layout has at most ten fields). */
@Component({
  selector: 'app-layout-grid',
  imports: [AgGridAngular],
  template: `<ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns" [rowData]="rows()" />`,
  styles: `:host { display: block; } .grid { display: block; width: 100%; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LayoutGrid {
  private readonly translator = inject(Translator);
  readonly rows = input.required<LayoutRow[]>();
  private readonly t = this.translator.t.bind(this.translator);

  readonly options: GridOptions<LayoutRow> = {
    ...baseGridOptions<LayoutRow>(this.translator),
    domLayout: 'autoHeight',
    getRowId: (p) => p.data.name,
    defaultColDef: {
      resizable: true,
      sortable: false,
      suppressMovable: true,
      wrapText: true,
      autoHeight: true,
      cellStyle: { lineHeight: '1.4', paddingTop: '8px', paddingBottom: '8px' },
    },
  };

  readonly columns: ColDef<LayoutRow>[] = [
    { field: 'position', headerName: this.t('downloads.position'), width: 70 },
    {
      colId: 'field',
      headerName: this.t('downloads.field'),
      width: 190,
      valueGetter: (p) => (p.data ? `${p.data.label} (${p.data.name})` : ''),
    },
    { field: 'description', headerName: this.t('downloads.description'), minWidth: 280, flex: 2 },
    {
      colId: 'required',
      headerName: this.t('downloads.required'),
      width: 110,
      valueGetter: (p) => (p.data ? this.t(p.data.required ? 'common.yes' : 'common.no') : ''),
    },
    { field: 'length', headerName: this.t('downloads.length'), width: 100 },
    { colId: 'format', headerName: this.t('downloads.format'), width: 170, valueGetter: (p) => (p.data ? this.t(p.data.kindKey) : '') },
    { field: 'example', headerName: this.t('downloads.example'), width: 170 },
  ];
}
