import { ChangeDetectionStrategy, Component, DestroyRef, Injector, computed, effect, inject, signal, untracked } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { type Observable, type Subscription, firstValueFrom, of, switchMap } from 'rxjs';
import { lotActions } from '../../../domain/lots/lot-actions';
import type { LotListItem } from '../../../domain/lots/lot.model';
import { hasPermission } from '../../../domain/permissions';
import { isUnreachable, toApiFailure } from '../../core/api/api-failure';
import { selectGrantedPermissions, selectSelectedCompany } from '../../core/context/context.selectors';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';
import { selectUser } from '../../core/session/session.selectors';
import { selectOnline } from '../../core/status/status.reducer';
import type { LocalLot } from '../../offline/db/doc-types';
import { lotsAwaitingAuthorization } from '../../offline/live-query';
import { OfflineEngine } from '../../offline/offline-engine';
import { LotsApi } from '../data/lots-api';
import { type LotActionResult, runPerLot } from '../ui/batch';
import { BatchResults } from '../ui/batch-results';
import { type FailureText, actionFailureText } from '../ui/failure-text';
import type { LotColumn } from '../ui/lot-columns';
import { LotsGrid } from '../ui/lots-grid';
import { StepUpDialog, type StepUpDialogData } from '../ui/step-up-dialog';

export type AuthorizationTab = 'sign' | 'authorize';
export type LotAction = 'sign' | 'withdraw' | 'authorize' | 'delete';

/** Still collecting signatures (the policy's count not reached): the "to sign" list. */
export function needsSignatures(lot: LotListItem): boolean {
  return lot.status === 'PENDING_AUTHORIZATION' && lot.signatures.length < lot.signaturesRequired;
}

/** Every signature in: the "to authorize" list. */
export function readyToAuthorize(lot: LotListItem): boolean {
  return lot.status === 'PENDING_AUTHORIZATION' && lot.signatures.length >= lot.signaturesRequired;
}

/**
 * A lot summary from the device database as a list item, with what `userId` could sign, withdraw or
 * authorize judged on the device by the server's own rule (the server decides when online).
 */
export function deviceLotItem(lot: LocalLot, userId: string, permissions: readonly string[]): LotListItem {
  const signatures = lot.signatures ?? [];
  const required = lot.signaturesRequired ?? 0;
  return {
    id: lot.id,
    type: lot.lotType,
    productCode: lot.productCode ?? '',
    status: lot.status,
    recordCount: lot.recordCount ?? 0,
    totalCents: lot.totalCents ?? 0,
    errorCount: lot.errorCount ?? 0,
    fileName: lot.fileName ?? '',
    fileBytes: lot.fileBytes ?? 0,
    fileSha256: lot.fileSha256 ?? '',
    uploadedBy: lot.uploadedBy ?? '',
    uploadedAt: lot.uploadedAt,
    validatedAt: lot.validatedAt ?? null,
    duplicateOf: lot.duplicateOf ?? null,
    header: lot.header ?? null,
    progress: lot.progress,
    signaturesRequired: required,
    signatures,
    authorization: lot.authorization ?? null,
    orderId: lot.orderId ?? null,
    confirmation: lot.confirmation ?? null,
    processing: lot.processing ?? null,
    // the shared rule (src/domain/lots/lot-actions.ts); confirming and deleting are not offered here
    ...lotActions({ status: lot.status, uploadedBy: lot.uploadedBy ?? '', signatures, signaturesRequired: required }, userId, permissions),
    canConfirm: false,
    canDelete: false,
  };
}

const AS_OF = new Intl.DateTimeFormat('es-VE', { dateStyle: 'short', timeStyle: 'short' });

const ACTION_TEXT: Record<LotAction, { title: MessageKey; confirm: MessageKey; result: MessageKey }> = {
  sign: { title: 'authz.signTitle', confirm: 'authz.sign', result: 'authz.signResult' },
  withdraw: { title: 'authz.withdrawTitle', confirm: 'authz.withdraw', result: 'authz.withdrawResult' },
  authorize: { title: 'authz.authorizeTitle', confirm: 'authz.authorize', result: 'authz.authorizeResult' },
  delete: { title: 'authz.deleteTitle', confirm: 'common.delete', result: 'authz.deleteResult' },
};

/**
 * Lot authorization (PRODUCT.md chapter 3): "Por firmar" (lots.sign) and "Por autorizar" (lots.authorize),
 * PENDING_AUTHORIZATION lots, one or many selected, one password for all, a result per lot.
 */
@Component({
  selector: 'app-lot-authorization-page',
  imports: [MatButtonModule, MatIconModule, MatTabsModule, TPipe, LotsGrid, BatchResults],
  templateUrl: './lot-authorization.page.html',
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 12px 0 8px; }
    .spacer { flex: 1 1 auto; }
    .count { color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class LotAuthorizationPage {
  private readonly store = inject(Store);
  private readonly api = inject(LotsApi);
  private readonly dialog = inject(MatDialog);
  private readonly router = inject(Router);
  private readonly injector = inject(Injector);
  private readonly user = this.store.selectSignal(selectUser);

  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly online = this.store.selectSignal(selectOnline);
  private readonly permissions = this.store.selectSignal(selectGrantedPermissions);
  readonly maySign = computed(() => hasPermission(this.permissions(), 'lots.sign'));
  readonly mayAuthorize = computed(() => hasPermission(this.permissions(), 'lots.authorize'));
  readonly mayDelete = computed(() => hasPermission(this.permissions(), 'lots.delete'));
  readonly tabs = computed<AuthorizationTab[]>(() => [
    ...(this.maySign() ? (['sign'] as const) : []),
    ...(this.mayAuthorize() ? (['authorize'] as const) : []),
  ]);

  readonly signColumns: readonly LotColumn[] = ['id', 'type', 'product', 'records', 'total', 'signatures', 'uploadedBy', 'uploadedAt'];
  readonly authorizeColumns = this.signColumns;

  readonly lots = signal<LotListItem[]>([]);
  readonly loading = signal(false);
  readonly failure = signal<FailureText | null>(null);
  readonly tab = signal<AuthorizationTab>('sign');
  readonly selected = signal<LotListItem[]>([]);
  readonly results = signal<LotActionResult[] | null>(null);
  readonly resultTitle = signal<MessageKey>('batch.title');

  /**
   * `api`: the server's list (online). `device`: offline or the API unreachable — the lot summaries the
   * device database replicated, only those waiting for this user; acting needs the network.
   */
  readonly source = signal<'api' | 'device'>('api');
  /** When the device's lots were last pulled (ISO), for the "as of" line. */
  readonly deviceAsOf = signal<string | null>(null);
  readonly actsDisabled = computed(() => !this.online() || this.source() === 'device');
  private deviceWatch: Subscription | null = null;

  readonly toSign = computed(() => this.lots().filter((lot) => needsSignatures(lot) && (this.source() === 'api' || lot.canSign)));
  readonly toAuthorize = computed(() =>
    this.lots().filter((lot) => readyToAuthorize(lot) && (this.source() === 'api' || lot.canAuthorize)),
  );

  /** Selected lots an action applies to (the server flags say what this user may do with each). */
  readonly eligible = computed(() => {
    const lots = this.selected();
    return {
      sign: lots.filter((l) => l.canSign),
      withdraw: lots.filter((l) => l.canWithdrawSignature),
      authorize: lots.filter((l) => l.canAuthorize),
      delete: this.mayDelete() ? lots.filter((l) => l.canDelete) : [],
    } satisfies Record<LotAction, LotListItem[]>;
  });

  constructor() {
    this.tab.set(this.tabs()[0] ?? 'sign');
    inject(DestroyRef).onDestroy(() => this.stopDeviceWatch());
    // The network comes and goes: offline the device's lots, back online the server's list again.
    let first = true;
    effect(() => {
      this.online();
      untracked(() => {
        if (!first) void this.load();
        first = false;
      });
    });
    void this.load();
  }

  selectTab(index: number): void {
    this.tab.set(this.tabs()[index] ?? 'sign');
    this.selected.set([]);
  }

  async load(): Promise<void> {
    const company = this.company();
    if (!company) return;
    if (!this.online()) {
      this.watchDevice();
      return;
    }
    this.loading.set(true);
    try {
      const lots = await firstValueFrom(this.api.list(company.id, { status: 'PENDING_AUTHORIZATION' }));
      this.stopDeviceWatch();
      this.source.set('api');
      this.lots.set(lots.filter((lot) => lot.status === 'PENDING_AUTHORIZATION'));
      this.selected.set([]);
      this.failure.set(null);
    } catch (error) {
      if (isUnreachable(error)) this.watchDevice();
      else this.failure.set(actionFailureText(toApiFailure(error)));
    } finally {
      this.loading.set(false);
    }
  }

  /** Offline (or the API out of reach): the lots of the device database, live as it syncs. */
  private watchDevice(): void {
    this.source.set('device');
    this.failure.set(null);
    if (this.deviceWatch) return;
    this.selected.set([]);
    this.loading.set(true);
    const engine = this.injector.get(OfflineEngine);
    engine.start();
    this.deviceWatch = toObservable(engine.database, { injector: this.injector })
      .pipe(switchMap((db) => (db ? lotsAwaitingAuthorization(db) : of(null))))
      .subscribe((lots) => {
        if (lots === null) return; // the database is still opening
        const userId = this.user()?.userId ?? '';
        const permissions = this.permissions();
        this.lots.set(lots.map((lot) => deviceLotItem(lot, userId, permissions)));
        this.deviceAsOf.set(engine.pulledAt().lots ?? engine.lastSyncAt());
        this.loading.set(false);
      });
  }

  private stopDeviceWatch(): void {
    this.deviceWatch?.unsubscribe();
    this.deviceWatch = null;
  }

  readonly deviceAsOfText = computed(() => {
    const at = this.deviceAsOf();
    return at ? AS_OF.format(new Date(at)) : null;
  });

  /** One dialog, one password, one call per lot; then the per-lot results and a fresh list. */
  async act(action: LotAction): Promise<void> {
    const company = this.company();
    const lots = this.eligible()[action];
    if (!company || lots.length === 0 || this.actsDisabled()) return;
    const ids = lots.map((lot) => lot.id);
    const text = ACTION_TEXT[action];
    const data: StepUpDialogData<LotActionResult[]> = {
      titleKey: text.title,
      titleParams: { count: ids.length },
      messageKey: 'authz.lotsList',
      messageParams: { ids: ids.join(', ') },
      confirmKey: text.confirm,
      danger: action === 'delete',
      run: (values) => runPerLot(ids, (id) => this.call(action, company.id, id, values.password)),
    };
    const results = await firstValueFrom(
      this.dialog.open<StepUpDialog<LotActionResult[]>, StepUpDialogData<LotActionResult[]>, LotActionResult[]>(StepUpDialog, { data }).afterClosed(),
    );
    if (!results) return;
    this.resultTitle.set(text.result);
    this.results.set(results);
    await this.load();
  }

  private call(action: LotAction, companyId: string, lotId: string, password: string): Observable<unknown> {
    switch (action) {
      case 'sign':
        return this.api.sign(companyId, lotId, password);
      case 'withdraw':
        return this.api.withdrawSignature(companyId, lotId, password);
      case 'authorize':
        return this.api.authorize(companyId, lotId, password);
      case 'delete':
        return this.api.remove(companyId, lotId, password);
    }
  }

  open(lot: LotListItem): void {
    void this.router.navigate(['/consultas/lotes', lot.id]);
  }
}
