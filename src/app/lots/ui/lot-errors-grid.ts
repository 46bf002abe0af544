import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions, IDatasource, IGetRowsParams } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import type { LotError } from '../../../domain/lots/errors';
import { errorFieldLabel } from '../../../domain/lots/errors';
import { Translator } from '../../core/i18n/translator';
import { LotsApi } from '../data/lots-api';
import { baseGridOptions } from './grid';
import { narrowScreen } from './narrow';

/** Where server errors come from: GET .../lots/{id}/errors, paged. */
export interface ServerErrorsSource {
  companyId: string;
  lotId: string;
  total: number;
}

const PAGE = 500;

/**
 * The errors of a lot file (línea, campo, código, mensaje): the device's own check (rows in memory)
 * or the server's (infinite row model, pages of GET .../errors as the user scrolls).
 */
@Component({
  selector: 'app-lot-errors-grid',
  imports: [AgGridAngular],
  template: `
    @if (source(); as s) {
      <ag-grid-angular class="grid" [gridOptions]="serverOptions()" [columnDefs]="columnDefs()" data-testid="errors-grid" />
    } @else {
      <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columnDefs()" [rowData]="errors()"
                       data-testid="errors-grid" />
    }
  `,
  styles: `
    :host { display: block; }
    .grid { display: block; width: 100%; height: var(--grid-height, 340px); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LotErrorsGrid {
  private readonly translator = inject(Translator);
  private readonly api = inject(LotsApi);
  readonly errors = input<LotError[]>([]);
  readonly source = input<ServerErrorsSource | null>(null);

  readonly options: GridOptions<LotError> = baseGridOptions<LotError>(this.translator);

  readonly columns: ColDef<LotError>[] = [
    { field: 'line', headerName: this.translator.t('lotError.line'), width: 90, type: 'numericColumn' },
    {
      colId: 'field',
      headerName: this.translator.t('lotError.field'),
      width: 170,
      valueGetter: (p) => (p.data ? errorFieldLabel(p.data) : ''),
      tooltipValueGetter: (p) => p.data?.field ?? '',
    },
    { field: 'code', headerName: this.translator.t('lotError.code'), width: 170 },
    {
      field: 'message',
      headerName: this.translator.t('lotError.message'),
      flex: 1,
      minWidth: 320,
      tooltipField: 'message',
    },
  ];

  /** On a phone: the line and the whole message (it names the field), wrapped. */
  private readonly narrow = narrowScreen();
  private readonly phoneColumns: ColDef<LotError>[] = [
    { field: 'line', headerName: this.translator.t('lotError.line'), width: 72 },
    {
      field: 'message',
      headerName: this.translator.t('lotError.message'),
      flex: 1,
      wrapText: true,
      autoHeight: true,
      cellStyle: { lineHeight: '1.4', paddingTop: '6px', paddingBottom: '6px' },
    },
  ];
  readonly columnDefs = computed(() => (this.narrow() ? this.phoneColumns : this.columns));

  readonly serverOptions = computed<GridOptions<LotError>>(() => {
    const source = this.source();
    return {
      ...baseGridOptions<LotError>(this.translator),
      defaultColDef: { resizable: true, sortable: false, suppressMovable: true },
      rowModelType: 'infinite',
      cacheBlockSize: PAGE,
      maxBlocksInCache: 20,
      datasource: source ? this.datasource(source) : undefined,
    };
  });

  private datasource(source: ServerErrorsSource): IDatasource {
    return {
      rowCount: source.total,
      getRows: (params: IGetRowsParams) => {
        const limit = params.endRow - params.startRow;
        firstValueFrom(this.api.errors(source.companyId, source.lotId, params.startRow, limit)).then(
          (page) => params.successCallback(page.errors, page.total),
          () => params.failCallback(),
        );
      },
    };
  }
}
