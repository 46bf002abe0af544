import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions, IDatasource } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { LOT_LAYOUTS } from '../../../domain/lots/layouts';
import type { LotRecordView } from '../../../domain/lots/lot.model';
import type { LotType } from '../../../domain/statuses';
import type { MessageKey } from '../../core/i18n/es';
import { Translator } from '../../core/i18n/translator';
import { LotsApi } from '../data/lots-api';
import { money } from '../ui/format';
import { baseGridOptions } from '../ui/grid';

const PAGE = 200;

/** The outcome of one record: its validation errors, else its processing result, else pending. */
export function recordOutcomeKey(record: LotRecordView): MessageKey {
  if (record.errors.length) return 'record.invalid';
  if (record.result) return record.result.status === 'DONE' ? 'record.done' : 'record.rejected';
  return 'record.pending';
}

/**
 * Every record of a lot, server paged (GET .../records?offset&limit through ag-grid's infinite row
 * model): the layout's fields, then its errors or processing result.
 */
@Component({
  selector: 'app-lot-records-grid',
  imports: [AgGridAngular],
  template: `<ag-grid-angular class="grid" [gridOptions]="options()" [columnDefs]="columns()" data-testid="records-grid" />`,
  styles: `
    :host { display: block; }
    .grid { display: block; width: 100%; height: var(--grid-height, 460px); }
    :host ::ng-deep .cell-error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LotRecordsGrid {
  private readonly translator = inject(Translator);
  private readonly api = inject(LotsApi);
  readonly companyId = input.required<string>();
  readonly lotId = input.required<string>();
  readonly lotType = input.required<LotType>();
  readonly total = input.required<number>();

  readonly columns = computed<ColDef<LotRecordView>[]>(() => {
    const t = this.translator.t.bind(this.translator);
    const fields = LOT_LAYOUTS[this.lotType()].detail.fields;
    return [
      { field: 'line', headerName: t('lotError.line'), width: 90, pinned: 'left' },
      ...fields.map(
        (spec): ColDef<LotRecordView> =>
          spec.kind === 'amount'
            ? {
                colId: spec.name,
                headerName: spec.label,
                width: 140,
                type: 'rightAligned',
                valueGetter: (p) => (p.data ? (p.data.amountCents !== null ? money(p.data.amountCents) : (p.data.fields[spec.name] ?? '')) : ''),
              }
            : { colId: spec.name, headerName: spec.label, minWidth: 120, valueGetter: (p) => p.data?.fields[spec.name] ?? '' },
      ),
      {
        colId: 'outcome',
        headerName: t('record.outcome'),
        width: 130,
        valueGetter: (p) => (p.data ? t(recordOutcomeKey(p.data)) : ''),
        cellClassRules: { 'cell-error': (p) => !!p.data && (p.data.errors.length > 0 || p.data.result?.status === 'REJECTED') },
      },
      {
        colId: 'detail',
        headerName: t('record.detail'),
        minWidth: 300,
        flex: 1,
        valueGetter: (p) =>
          p.data ? (p.data.errors.length ? p.data.errors.map((e) => e.message).join(' · ') : (p.data.result?.reason ?? '')) : '',
        tooltipValueGetter: (p) => (typeof p.value === 'string' ? p.value : ''),
      },
    ];
  });

  readonly options = computed<GridOptions<LotRecordView>>(() => ({
    ...baseGridOptions<LotRecordView>(this.translator),
    defaultColDef: { resizable: true, sortable: false, suppressMovable: true },
    rowModelType: 'infinite',
    cacheBlockSize: PAGE,
    maxBlocksInCache: 25,
    datasource: this.datasource(this.companyId(), this.lotId(), this.total()),
  }));

  private datasource(companyId: string, lotId: string, total: number): IDatasource {
    return {
      rowCount: total,
      getRows: (params) => {
        firstValueFrom(this.api.records(companyId, lotId, params.startRow, params.endRow - params.startRow)).then(
          (page) => params.successCallback(page.records, page.total),
          () => params.failCallback(),
        );
      },
    };
  }
}
