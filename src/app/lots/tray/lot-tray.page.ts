import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Router, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { firstValueFrom } from 'rxjs';
import type { LotListItem } from '../../../domain/lots/lot.model';
import { hasPermission } from '../../../domain/permissions';
import type { LotStatus } from '../../../domain/statuses';
import { toApiFailure } from '../../core/api/api-failure';
import { selectGrantedPermissions, selectSelectedCompany } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { selectUser } from '../../core/session/session.selectors';
import { selectOnline } from '../../core/status/status.reducer';
import { LotsApi } from '../data/lots-api';
import { type FailureText, actionFailureText } from '../ui/failure-text';
import type { LotColumn } from '../ui/lot-columns';
import { lotTypeKey } from '../ui/labels';
import { LotsGrid } from '../ui/lots-grid';
import { StepUpDialog, type StepUpDialogData, type StepUpExtraField } from '../ui/step-up-dialog';

export const TRAY_STATUSES: readonly LotStatus[] = ['VALIDATING', 'INVALID', 'VALID'];
/** While a lot is VALIDATING the tray asks again this often. */
const REFRESH_MS = 5000;

/** What the confirmation asks besides the password (PRODUCT.md chapter 3). */
export function confirmationFields(lot: Pick<LotListItem, 'type'>): StepUpExtraField[] {
  switch (lot.type) {
    case 'EMI':
      return ['embossLine1', 'embossLine2'];
    case 'REC':
    case 'CAR':
      return ['concept'];
    default:
      return [];
  }
}

/** The tray: the user's uploaded lots (validating, invalid, valid); confirm a valid one or delete. */
@Component({
  selector: 'app-lot-tray-page',
  imports: [MatButtonModule, MatIconModule, RouterLink, TPipe, LotsGrid],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">inbox</mat-icon> {{ 'nav.lotTray' | t }}</h1>
      <p class="form-info">{{ 'tray.intro' | t }}</p>
      <div class="toolbar">
        <button mat-flat-button type="button" (click)="confirm()" [disabled]="!canConfirm()" data-testid="tray-confirm">
          <mat-icon>check</mat-icon> {{ 'common.confirm' | t }}
        </button>
        <button mat-stroked-button type="button" (click)="remove()" [disabled]="!canDelete()" data-testid="tray-delete">
          <mat-icon>delete</mat-icon> {{ 'common.delete' | t }}
        </button>
        <button mat-button type="button" (click)="openSelected()" [disabled]="!selectedLot()" data-testid="tray-detail">
          <mat-icon>visibility</mat-icon> {{ 'common.detail' | t }}
        </button>
        <span class="spacer"></span>
        <button mat-icon-button type="button" (click)="load()" [attr.aria-label]="'common.refresh' | t">
          <mat-icon>refresh</mat-icon>
        </button>
      </div>
      @if (!online()) {
        <p class="form-info" role="status">{{ 'tray.offline' | t }}</p>
      }
      @if (failure(); as f) {
        <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
      }
      <app-lots-grid [rows]="lots()" [columns]="columns" selection="single" [loading]="loading()"
                     (selected)="selected.set($event)" (opened)="open($event)" />
      @if (!loading() && lots().length === 0) {
        <p class="form-info">{{ 'tray.empty' | t }} <a routerLink="/operaciones/carga-de-lotes">{{ 'nav.lotUpload' | t }}</a></p>
      }
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin-bottom: 8px; }
    .spacer { flex: 1 1 auto; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class LotTrayPage {
  private readonly store = inject(Store);
  private readonly api = inject(LotsApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  private readonly router = inject(Router);

  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly user = this.store.selectSignal(selectUser);
  readonly online = this.store.selectSignal(selectOnline);
  private readonly permissions = this.store.selectSignal(selectGrantedPermissions);

  readonly columns: readonly LotColumn[] = ['id', 'type', 'status', 'records', 'total', 'errors', 'file', 'uploadedAt'];
  readonly lots = signal<LotListItem[]>([]);
  readonly loading = signal(false);
  readonly failure = signal<FailureText | null>(null);
  readonly selected = signal<LotListItem[]>([]);
  readonly selectedLot = computed(() => this.selected()[0] ?? null);
  readonly canConfirm = computed(() => {
    const lot = this.selectedLot();
    return !!lot && lot.status === 'VALID' && lot.canConfirm && this.online();
  });
  readonly canDelete = computed(() => {
    const lot = this.selectedLot();
    return !!lot && lot.status !== 'VALIDATING' && lot.canDelete && this.online();
  });

  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    void this.load();
    inject(DestroyRef).onDestroy(() => this.timer && clearTimeout(this.timer));
  }

  async load(): Promise<void> {
    const company = this.company();
    if (!company) return;
    if (this.timer) clearTimeout(this.timer);
    this.loading.set(true);
    try {
      const all = await firstValueFrom(this.api.list(company.id, { status: TRAY_STATUSES }));
      const me = this.user()?.userId;
      // An uploader sees their own lots; someone who may only delete sees the company's.
      const own = hasPermission(this.permissions(), 'lots.upload');
      const lots = all.filter((lot) => TRAY_STATUSES.includes(lot.status) && (!own || lot.uploadedBy === me));
      this.lots.set(lots);
      this.selected.set(this.selected().map((s) => lots.find((l) => l.id === s.id)).filter((l): l is LotListItem => !!l));
      this.failure.set(null);
      if (lots.some((lot) => lot.status === 'VALIDATING')) this.timer = setTimeout(() => void this.load(), REFRESH_MS);
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
    } finally {
      this.loading.set(false);
    }
  }

  async confirm(): Promise<void> {
    const lot = this.selectedLot();
    const company = this.company();
    if (!lot || !company || !this.canConfirm()) return;
    const data: StepUpDialogData<unknown> = {
      titleKey: 'tray.confirmTitle',
      titleParams: { id: lot.id },
      messageKey: 'tray.confirmMessage',
      messageParams: { type: this.translator.t(lotTypeKey(lot.type)), records: lot.recordCount },
      confirmKey: 'common.confirm',
      extraFields: confirmationFields(lot),
      run: (values) => this.api.confirm(company.id, lot.id, values),
    };
    const done = await firstValueFrom(this.dialog.open(StepUpDialog, { data, autoFocus: 'dialog' }).afterClosed());
    if (done === undefined) return;
    this.snackBar.open(this.translator.t('tray.confirmed', { id: lot.id }), undefined, { duration: 5000 });
    await this.load();
  }

  async remove(): Promise<void> {
    const lot = this.selectedLot();
    const company = this.company();
    if (!lot || !company || !this.canDelete()) return;
    const data: StepUpDialogData<unknown> = {
      titleKey: 'tray.deleteTitle',
      titleParams: { id: lot.id },
      messageKey: 'tray.deleteMessage',
      confirmKey: 'common.delete',
      danger: true,
      run: (values) => this.api.remove(company.id, lot.id, values.password),
    };
    const done = await firstValueFrom(this.dialog.open(StepUpDialog, { data }).afterClosed());
    if (done === undefined) return;
    this.snackBar.open(this.translator.t('tray.deleted', { id: lot.id }), undefined, { duration: 5000 });
    await this.load();
  }

  openSelected(): void {
    const lot = this.selectedLot();
    if (lot) this.open(lot);
  }

  open(lot: LotListItem): void {
    void this.router.navigate(['/consultas/lotes', lot.id]);
  }
}
