import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { pageCall } from '../core/api/page-call';
import { TPipe } from '../core/i18n/t.pipe';
import { Translator } from '../core/i18n/translator';
import type { FailureText } from '../lots/ui/failure-text';
import { dateTime } from '../lots/ui/format';
import { baseGridOptions } from '../lots/ui/grid';
import { type CompanyData, OperatorApi } from '../configuration/data/config-api';
import { CompanyDialog } from './company-dialog';

/** Operator → Empresas: every company (active or not); create one, or tap one to edit it. */
@Component({
  selector: 'app-companies-tab',
  imports: [AgGridAngular, MatButtonModule, MatIconModule, TPipe],
  template: `
    <div class="toolbar">
      <button mat-flat-button type="button" (click)="edit(null)" data-testid="company-new"><mat-icon>domain_add</mat-icon> {{ 'operator.newCompany' | t }}</button>
      <button mat-button type="button" (click)="load()"><mat-icon>refresh</mat-icon> {{ 'common.refresh' | t }}</button>
    </div>
    @if (failure(); as f) {
      <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
    }
    <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns" [rowData]="companies()" [loading]="loading()"
                     (rowClicked)="$event.data && edit($event.data)" data-testid="companies-grid" />
  `,
  styles: `
    .toolbar { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
    .grid { display: block; width: 100%; height: 420px; }
    .grid ::ng-deep .ag-row { cursor: pointer; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CompaniesTab {
  private readonly api = inject(OperatorApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  /** the list changed: the other tabs' company pickers follow */
  readonly changed = output<CompanyData[]>();
  readonly companies = signal<CompanyData[]>([]);
  readonly loading = signal(false);
  readonly failure = signal<FailureText | null>(null);
  readonly options: GridOptions<CompanyData> = { ...baseGridOptions<CompanyData>(this.translator), getRowId: (p) => p.data.id };
  readonly columns: ColDef<CompanyData>[] = (() => {
    const t = this.translator.t.bind(this.translator);
    return [
      { field: 'taxId', headerName: t('company.taxId'), width: 125 },
      { field: 'legalName', headerName: t('company.legalName'), flex: 1, minWidth: 200, sort: 'asc' },
      { field: 'id', headerName: t('company.id'), width: 130 },
      {
        field: 'status',
        headerName: t('company.status'),
        width: 110,
        valueFormatter: (p) => (p.value === 'active' ? t('company.status.active') : t('company.status.inactive')),
      },
      { colId: 'signatures', headerName: t('company.policies'), width: 110, valueGetter: (p) => p.data?.authorizationPolicy.signaturesRequired },
      { field: 'updatedAt', headerName: t('operator.updatedAt'), width: 190, valueFormatter: (p) => dateTime(p.value) },
    ] satisfies ColDef<CompanyData>[];
  })();

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    const companies = await pageCall({ flag: this.loading, failure: this.failure }, () => this.api.companies());
    if (!companies) return;
    this.companies.set(companies);
    this.changed.emit(companies);
  }

  async edit(company: CompanyData | null): Promise<void> {
    const saved = await firstValueFrom(
      this.dialog.open<CompanyDialog, CompanyData | null, CompanyData>(CompanyDialog, { data: company, width: '720px', maxWidth: '96vw' }).afterClosed(),
    );
    if (!saved) return;
    this.snackBar.open(this.translator.t('operator.companySaved', { name: saved.legalName }), undefined, { duration: 4000 });
    await this.load();
  }
}
