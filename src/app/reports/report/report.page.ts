import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked } from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridApi, GridOptions, GridReadyEvent, IDatasource } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import {
  REPORTS,
  isReportId,
  type ChartData,
  type ReportDefinition,
  type ReportFilters,
  type ReportId,
  type ReportRow,
} from '../../../domain/reports/catalogue';
import { toApiFailure } from '../../core/api/api-failure';
import { selectSelectedCompany, selectSelectedProduct } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { selectOnline } from '../../core/status/status.reducer';
import { when } from '../../cards/ui/labels';
import { type FailureText, actionFailureText } from '../../lots/ui/failure-text';
import { count, dateTime, money } from '../../lots/ui/format';
import { baseGridOptions } from '../../lots/ui/grid';
import { FileSaver, fileNameFromDisposition } from '../../lots/ui/save-file';
import { OfflineEngine } from '../../offline/offline-engine';
import { computeOnDevice } from '../data/device-reports';
import { type ReportFormat, ReportsApi } from '../data/reports-api';
import { deviceReportFile } from '../data/device-export';
import { ReportChart } from '../ui/report-chart';

/** Rows per request: the grid asks for the next block as the user scrolls (infinite row model). */
const BLOCK = 200;

/**
 * One report: its filters, the chart, the table and the exports. Online, the server pages the rows
 * (a cursor per block, so scrolling 100,000 rows reads one block at a time) and writes the files;
 * offline, reports made of what the device holds are computed from RxDB with the same row functions.
 */
@Component({
  selector: 'app-report-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, RouterLink, TPipe, AgGridAngular, ReportChart],
  templateUrl: './report.page.html',
  styleUrl: './report.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class ReportPage {
  private readonly store = inject(Store);
  private readonly api = inject(ReportsApi);
  private readonly translator = inject(Translator);
  private readonly files = inject(FileSaver);
  private readonly engine = inject(OfflineEngine);

  readonly reportId = input.required<string>();
  readonly company = this.store.selectSignal(selectSelectedCompany);
  private readonly product = this.store.selectSignal(selectSelectedProduct);
  readonly online = this.store.selectSignal(selectOnline);

  readonly def = computed<ReportDefinition | null>(() => (isReportId(this.reportId()) ? REPORTS[this.reportId() as ReportId] : null));
  readonly has = (kind: ReportDefinition['filters'][number]) => !!this.def()?.filters.includes(kind);
  readonly statusOptions = computed(() => Object.entries(this.def()?.statuses ?? {}).map(([value, label]) => ({ value, label })));
  readonly products = computed(() => this.company()?.products ?? []);

  /** The form's values; `applied` is what the table and chart show. */
  form: ReportFilters = {};
  readonly applied = signal<ReportFilters | null>(null);
  readonly chart = signal<ChartData | null>(null);
  readonly total = signal<number | null>(null);
  readonly failure = signal<FailureText | null>(null);
  readonly exporting = signal<ReportFormat | null>(null);
  readonly exported = signal(false);
  readonly deviceMode = computed(() => !this.online() && !!this.def()?.offline);
  readonly unavailable = computed(() => !this.online() && !this.def()?.offline);
  readonly asOf = computed(() => when(this.engine.pulledAt().cards ?? this.engine.lastSyncAt()));
  private deviceRows: ReportRow[] = [];
  /** which apply() the count being awaited belongs to (a late count of older filters is dropped) */
  private totalAsked = 0;
  private gridApi: GridApi<ReportRow> | null = null;

  readonly columns = computed<ColDef<ReportRow>[]>(() =>
    (this.def()?.columns ?? []).map((c) => ({
      colId: c.key,
      headerName: c.label,
      valueGetter: (p) => p.data?.[c.key] ?? null,
      valueFormatter: (p) =>
        p.value === null || p.value === undefined
          ? ''
          : c.kind === 'money'
            ? money(Number(p.value))
            : c.kind === 'datetime'
              ? dateTime(String(p.value))
              : c.kind === 'number'
                ? count(Number(p.value))
                : String(p.value),
      type: c.kind === 'money' || c.kind === 'number' ? 'rightAligned' : undefined,
      minWidth: c.key === 'maskedPan' ? 170 : c.kind === 'text' ? 120 : 100,
      flex: 1,
      tooltipValueGetter: (p) => (typeof p.value === 'string' && p.value.length > 24 ? p.value : ''),
    })),
  );

  readonly options: GridOptions<ReportRow> = {
    ...baseGridOptions<ReportRow>(this.translator),
    defaultColDef: { resizable: true, sortable: false, suppressMovable: true },
    rowModelType: 'infinite',
    cacheBlockSize: BLOCK,
    maxBlocksInCache: 50,
    infiniteInitialRowCount: 1,
  };

  constructor() {
    // a new report (or company) starts from its defaults and runs at once when it needs nothing more
    effect(() => {
      const def = this.def();
      const company = this.company();
      untracked(() => {
        if (!def || !company) return;
        this.form = this.defaults(def);
        this.applied.set(null);
        this.chart.set(null);
        this.total.set(null);
        if (this.missing(def, this.form).length === 0) void this.apply();
      });
    });
    // Offline, the device database can open after the page did (a reload with no network): the
    // report shown is recomputed once it is there, and again if the network goes meanwhile.
    effect(() => {
      const db = this.engine.database();
      if (!db || !this.deviceMode()) return;
      untracked(() => this.applied() && void this.apply());
    });
  }

  private defaults(def: ReportDefinition): ReportFilters {
    const f: ReportFilters = {};
    if (def.required?.includes('product')) f.product = this.product()?.code ?? this.products()[0]?.code;
    if (def.required?.includes('date')) f.date = new Date(Date.now() - 4 * 3_600_000).toISOString().slice(0, 10);
    return f;
  }

  private missing(def: ReportDefinition, f: ReportFilters): string[] {
    return (def.required ?? []).filter((k) => !f[k as keyof ReportFilters]);
  }

  onGridReady(event: GridReadyEvent<ReportRow>): void {
    this.gridApi = event.api;
    if (this.applied()) this.gridApi.setGridOption('datasource', this.datasource());
  }

  /** Clean values only: trimmed, empty ones dropped. */
  private cleaned(): ReportFilters {
    const out: ReportFilters = {};
    for (const [k, v] of Object.entries(this.form)) {
      const text = typeof v === 'string' ? v.trim() : '';
      if (text) (out as Record<string, string>)[k] = text;
    }
    return out;
  }

  async apply(): Promise<void> {
    const def = this.def();
    const company = this.company();
    if (!def || !company) return;
    const filters = this.cleaned();
    this.failure.set(null);
    this.exported.set(false);
    const missing = this.missing(def, filters);
    if (missing.length) {
      this.failure.set({ key: null, serverText: `Indique: ${missing.map((k) => this.translator.t(`reports.${k}` as 'reports.holder')).join(', ')}.` });
      return;
    }
    if (this.unavailable()) {
      this.applied.set(null);
      return;
    }
    this.applied.set(filters);
    this.total.set(null);
    if (this.deviceMode()) {
      const db = this.engine.database();
      const result = db ? await computeOnDevice(db, def.id, filters) : { rows: [], chart: null };
      this.deviceRows = result.rows;
      this.total.set(result.rows.length);
      this.chart.set(result.chart);
    } else {
      this.deviceRows = [];
      const asked = ++this.totalAsked;
      firstValueFrom(this.api.total(company.id, def.id, filters)).then(
        (n) => {
          if (asked !== this.totalAsked || n === null) return;
          this.total.set(n);
          this.gridApi?.setRowCount(n, true);
        },
        () => undefined, // the count is a courtesy: the rows say what went wrong
      );
      if (def.chart) {
        firstValueFrom(this.api.chart(company.id, def.id, filters)).then(
          (c) => this.chart.set(c),
          (e) => this.failure.set(actionFailureText(toApiFailure(e))),
        );
      } else {
        this.chart.set(null);
      }
    }
    this.gridApi?.setGridOption('datasource', this.datasource());
  }

  /** Server pages, each block asked with the cursor the previous block ended with (an offset when jumping). */
  private datasource(): IDatasource {
    const def = this.def()!;
    const companyId = this.company()!.id;
    const filters = this.applied() ?? {};
    if (this.deviceMode()) {
      const rows = this.deviceRows;
      return { rowCount: rows.length, getRows: (p) => p.successCallback(rows.slice(p.startRow, p.endRow), rows.length) };
    }
    const cursors = new Map<number, string>();
    return {
      getRows: (p) => {
        const cursor = cursors.get(p.startRow);
        firstValueFrom(this.api.page(companyId, def.id, filters, { offset: cursor ? 0 : p.startRow, limit: p.endRow - p.startRow, cursor })).then(
          (page) => {
            if (page.next) cursors.set(p.startRow + page.rows.length, page.next);
            if (page.total !== null) this.total.set(page.total);
            const last = page.total ?? this.total() ?? (page.next ? -1 : p.startRow + page.rows.length);
            if (!page.next && this.total() === null) this.total.set(last);
            p.successCallback(page.rows, last);
          },
          (e) => {
            this.failure.set(actionFailureText(toApiFailure(e)));
            p.failCallback();
          },
        );
      },
    };
  }

  async download(format: ReportFormat): Promise<void> {
    const def = this.def();
    const company = this.company();
    const filters = this.applied();
    if (!def || !company || !filters) return;
    this.exported.set(false);
    this.failure.set(null);
    this.exporting.set(format);
    try {
      if (this.deviceMode()) {
        const header = { company: { legalName: company.name, taxId: company.taxId }, report: def.id, filters, generatedAt: new Date() };
        this.files.save(await deviceReportFile(format, header, this.deviceRows), `reporte-${def.id}-dispositivo.${format}`);
        this.exported.set(true);
        return;
      }
      const res = await firstValueFrom(this.api.export(company.id, def.id, filters, format));
      const name = fileNameFromDisposition(res.headers.get('content-disposition')) ?? `reporte-${def.id}.${format}`;
      this.files.save(res.body!, name);
      this.exported.set(true);
    } catch (e) {
      this.failure.set(actionFailureText(toApiFailure(await readBlobError(e))));
    } finally {
      this.exporting.set(null);
    }
  }

  rowsText(): string {
    const n = this.total();
    if (n === null || n < 0) return this.translator.t('reports.rowsUnknown');
    return n === 1 ? this.translator.t('reports.oneRow') : this.translator.t('reports.rows', { count: count(n) });
  }
}

/** An error answer read as a Blob (file downloads) turned back into the server's JSON error. */
async function readBlobError(error: unknown): Promise<unknown> {
  if (error instanceof HttpErrorResponse && error.error instanceof Blob) {
    try {
      const body = JSON.parse(await error.error.text());
      return new HttpErrorResponse({ error: body, status: error.status, statusText: error.statusText, headers: error.headers });
    } catch {
      return error;
    }
  }
  return error;
}
