import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { hasPermission } from '../../../domain/permissions';
import { pageCall } from '../../core/api/page-call';
import { FEATURES, featureLink } from '../../core/access/features';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import type { FailureText } from '../../lots/ui/failure-text';
import { baseGridOptions } from '../../lots/ui/grid';
import { ConfigApi, type Branch } from '../data/config-api';
import { BranchDialog, type BranchDialogData } from './branch-dialog';

/**
 * Configuración → Sucursales: where cards are delivered. Every member sees them; company.manage
 * creates and edits one by one, or many with a SUC lot (processed like any lot: upserts by code).
 */
@Component({
  selector: 'app-branches-page',
  imports: [AgGridAngular, MatButtonModule, MatIconModule, RouterLink, TPipe],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">store</mat-icon> {{ 'nav.branches' | t }}</h1>
      <div class="toolbar">
        @if (canManage()) {
          <button mat-flat-button type="button" (click)="openNew()" data-testid="branch-new"><mat-icon>add_business</mat-icon> {{ 'branches.new' | t }}</button>
        }
        <button mat-button type="button" (click)="load()"><mat-icon>refresh</mat-icon> {{ 'common.refresh' | t }}</button>
        <span class="count">{{ 'branches.count' | t: { count: branches().length } }}</span>
      </div>
      @if (failure(); as f) {
        <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
      }
      <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns" [rowData]="branches()" [loading]="loading()"
                       (rowClicked)="$event.data && open($event.data)" data-testid="branches-grid" />
      @if (canManage()) {
        <h2 class="section">{{ 'branches.bulk' | t }}</h2>
        <p class="form-info">{{ 'branches.bulkHint' | t }}</p>
        <div class="toolbar">
          <a mat-stroked-button [routerLink]="uploadLink" data-testid="branch-bulk"><mat-icon>upload_file</mat-icon> {{ 'branches.bulkUpload' | t }}</a>
          <a mat-button [routerLink]="downloadsLink"><mat-icon>description</mat-icon> {{ 'branches.bulkTemplate' | t }}</a>
        </div>
      }
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .section { font: var(--mat-sys-title-medium); margin: 20px 0 4px; }
    .toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 8px; margin: 8px 0; }
    .count { margin-left: auto; color: var(--mat-sys-on-surface-variant); }
    .grid { display: block; width: 100%; height: 420px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class BranchesPage {
  private readonly store = inject(Store);
  private readonly api = inject(ConfigApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly canManage = computed(() => hasPermission(this.company()?.permissions, 'company.manage'));
  readonly uploadLink = featureLink(FEATURES.lotUpload);
  readonly downloadsLink = featureLink(FEATURES.downloads);

  readonly branches = signal<Branch[]>([]);
  readonly loading = signal(false);
  readonly failure = signal<FailureText | null>(null);
  readonly options: GridOptions<Branch> = { ...baseGridOptions<Branch>(this.translator), getRowId: (p) => p.data.code };
  readonly columns: ColDef<Branch>[] = (() => {
    const t = this.translator.t.bind(this.translator);
    return [
      { field: 'code', headerName: t('branches.code'), width: 100, sort: 'asc' },
      { field: 'name', headerName: t('branches.name'), flex: 1, minWidth: 160 },
      { field: 'city', headerName: t('branches.city'), width: 130 },
      { field: 'state', headerName: t('branches.state'), width: 120 },
      { field: 'address', headerName: t('branches.address'), width: 220 },
      { field: 'phone', headerName: t('branches.phone'), width: 140 },
      { field: 'contact', headerName: t('branches.contact'), width: 160 },
    ] satisfies ColDef<Branch>[];
  })();

  constructor() {
    effect(() => {
      if (this.company()) untracked(() => void this.load());
    });
  }

  async load(): Promise<void> {
    const company = this.company();
    if (!company) return;
    const branches = await pageCall({ flag: this.loading, failure: this.failure }, () => this.api.branches(company.id));
    if (branches) this.branches.set(branches);
  }

  openNew(): Promise<void> {
    return this.edit(undefined);
  }

  open(branch: Branch): Promise<void> {
    return this.canManage() ? this.edit(branch) : Promise.resolve();
  }

  private async edit(branch: Branch | undefined): Promise<void> {
    const company = this.company();
    if (!company) return;
    const saved = await firstValueFrom(
      this.dialog.open<BranchDialog, BranchDialogData, Branch>(BranchDialog, { data: { companyId: company.id, branch }, width: '640px', maxWidth: '96vw' }).afterClosed(),
    );
    if (!saved) return;
    this.snackBar.open(this.translator.t('branches.saved', { code: saved.code }), undefined, { duration: 4000 });
    await this.load();
  }
}
