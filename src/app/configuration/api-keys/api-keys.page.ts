import { ChangeDetectionStrategy, Component, computed, effect, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { Store } from '@ngrx/store';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions, RowSelectionOptions, SelectionChangedEvent } from 'ag-grid-community';
import { firstValueFrom } from 'rxjs';
import { API_KEY_PERMISSIONS, type ApiKeySummary } from '../../../domain/api-keys';
import { isUnreachable, toApiFailure } from '../../core/api/api-failure';
import { selectGrantedPermissions, selectSelectedCompany } from '../../core/context/context.selectors';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { dateTime } from '../../lots/ui/format';
import { baseGridOptions } from '../../lots/ui/grid';
import { ApiKeysApi } from './api-keys-api';
import { CreateApiKeyDialog, type CreateApiKeyData } from './create-api-key-dialog';
import { RevokeApiKeyDialog } from './revoke-api-key-dialog';

/**
 * Configuración → Claves de API (PRODUCT.md "ERP integration"): the company's keys for its ERP,
 * created with a subset of the user's permissions and shown once, revoked here. Online only: keys
 * are server-owned and never replicated to the device.
 */
@Component({
  selector: 'app-api-keys-page',
  imports: [AgGridAngular, MatButtonModule, MatIconModule, TPipe],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">vpn_key</mat-icon> {{ 'nav.apiKeys' | t }}</h1>
      <p class="form-info">{{ 'apiKeys.intro' | t }}</p>
      <div class="toolbar">
        <button mat-flat-button type="button" (click)="create()" [disabled]="!company()" data-testid="api-key-create">
          <mat-icon>add</mat-icon> {{ 'apiKeys.create' | t }}
        </button>
        <button mat-stroked-button type="button" (click)="revoke()" [disabled]="!revocable()" data-testid="api-key-revoke">
          <mat-icon>block</mat-icon> {{ 'apiKeys.revoke' | t }}
        </button>
        <button mat-button type="button" (click)="load()" data-testid="api-key-reload"><mat-icon>refresh</mat-icon> {{ 'apiKeys.reload' | t }}</button>
      </div>
      @if (error(); as e) {
        <p class="form-error" role="alert" data-testid="api-keys-error">{{ e.key ? (e.key | t) : e.text }}</p>
      }
      <ag-grid-angular class="grid" data-testid="api-keys-grid" [gridOptions]="options" [columnDefs]="columns" [rowData]="rows()"
                       [rowSelection]="selection" [loading]="loading()" (selectionChanged)="onSelection($event)" />
      <p class="form-info">{{ 'apiKeys.docs' | t }}</p>
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .toolbar { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; }
    .grid { display: block; width: 100%; height: 420px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class ApiKeysPage {
  private readonly store = inject(Store);
  private readonly api = inject(ApiKeysApi);
  private readonly dialog = inject(MatDialog);
  private readonly translator = inject(Translator);
  private readonly t = this.translator.t.bind(this.translator);
  readonly company = this.store.selectSignal(selectSelectedCompany);
  private readonly granted = this.store.selectSignal(selectGrantedPermissions);

  readonly rows = signal<ApiKeySummary[]>([]);
  readonly loading = signal(false);
  readonly error = signal<{ key: MessageKey | null; text: string } | null>(null);
  readonly selected = signal<ApiKeySummary | null>(null);
  readonly revocable = computed(() => !!this.selected() && !this.selected()!.revokedAt);

  readonly selection: RowSelectionOptions<ApiKeySummary> = { mode: 'singleRow', checkboxes: true, enableClickSelection: true };
  readonly options: GridOptions<ApiKeySummary> = { ...baseGridOptions<ApiKeySummary>(this.translator), getRowId: (p) => p.data.id };
  readonly columns: ColDef<ApiKeySummary>[] = [
    { field: 'name', headerName: this.t('apiKeys.name'), minWidth: 160, flex: 1 },
    {
      colId: 'state',
      headerName: this.t('apiKeys.state'),
      width: 120,
      valueGetter: (p) => (p.data ? this.t(p.data.revokedAt ? 'apiKeys.revoked' : 'apiKeys.active') : ''),
    },
    { field: 'prefix', headerName: this.t('apiKeys.prefix'), width: 230, cellStyle: { fontFamily: 'monospace' } },
    {
      colId: 'permissions',
      headerName: this.t('apiKeys.permissions'),
      minWidth: 220,
      flex: 1,
      tooltipValueGetter: (p) => p.value,
      valueGetter: (p) => (p.data ? p.data.permissions.map((x) => this.t(`permission.${x}` as MessageKey)).join(', ') : ''),
    },
    { colId: 'lastUsedAt', headerName: this.t('apiKeys.lastUsedAt'), width: 170, valueGetter: (p) => (p.data?.lastUsedAt ? dateTime(p.data.lastUsedAt) : this.t('apiKeys.never')) },
    { colId: 'createdAt', headerName: this.t('apiKeys.createdAt'), width: 170, sort: 'desc', valueGetter: (p) => p.data?.createdAt ?? '', valueFormatter: (p) => dateTime(p.value) },
    { field: 'createdBy', headerName: this.t('apiKeys.createdBy'), width: 130 },
    {
      colId: 'revokedAt',
      headerName: this.t('apiKeys.revokedAt'),
      width: 200,
      valueGetter: (p) => (p.data?.revokedAt ? `${dateTime(p.data.revokedAt)} · ${p.data.revokedBy ?? ''}` : ''),
    },
  ];

  constructor() {
    effect(() => {
      if (this.company()) void this.load();
    });
  }

  async load(): Promise<void> {
    const company = this.company();
    if (!company) return;
    this.loading.set(true);
    this.error.set(null);
    try {
      this.rows.set(await firstValueFrom(this.api.list(company.id)));
      this.selected.set(null);
    } catch (err) {
      this.error.set(this.failureText(err));
    } finally {
      this.loading.set(false);
    }
  }

  onSelection(event: SelectionChangedEvent<ApiKeySummary>): void {
    this.selected.set(event.api.getSelectedRows()[0] ?? null);
  }

  async create(): Promise<void> {
    const company = this.company();
    if (!company) return;
    const data: CreateApiKeyData = { companyId: company.id, grantable: API_KEY_PERMISSIONS.filter((p) => this.granted().includes(p)) };
    const ref = this.dialog.open(CreateApiKeyDialog, { data, autoFocus: 'first-tabbable', maxWidth: '95vw' });
    const created = await firstValueFrom(ref.afterClosed());
    if (created) await this.load();
  }

  async revoke(): Promise<void> {
    const company = this.company();
    const key = this.selected();
    if (!company || !key || key.revokedAt) return;
    const ref = this.dialog.open(RevokeApiKeyDialog, { data: key, maxWidth: '95vw' });
    if (!(await firstValueFrom(ref.afterClosed()))) return;
    try {
      await firstValueFrom(this.api.revoke(company.id, key.id));
      await this.load();
    } catch (err) {
      this.error.set(this.failureText(err));
    }
  }

  private failureText(err: unknown): { key: MessageKey | null; text: string } {
    if (isUnreachable(err)) return { key: 'error.offline', text: '' };
    const failure = toApiFailure(err);
    return failure.message ? { key: null, text: failure.message } : { key: 'error.unexpected', text: '' };
  }
}
