import { ChangeDetectionStrategy, Component, ElementRef, Injector, afterNextRender, computed, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { firstValueFrom } from 'rxjs';
import type { CardReassignAnswer, ReassignHolder } from '../../../domain/cards/card-reassign';
import type { TransferKind } from '../../../domain/transfers/transfer-rules';
import type { MasterAccountAnswer, TransferAnswer, TransferPreviewAnswer } from '../../../domain/transfers/transfer.model';
import { toApiFailure } from '../../core/api/api-failure';
import { pageCall } from '../../core/api/page-call';
import { selectSelectedCompany, selectSelectedProduct } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { selectOnline } from '../../core/status/status.reducer';
import { type FailureText, actionFailureText } from '../../lots/ui/failure-text';
import { dateTime, money } from '../../lots/ui/format';
import { StepUpDialog, type StepUpDialogData } from '../../lots/ui/step-up-dialog';
import { type TransferCardRow, TransfersApi, newIdempotencyKey } from '../data/transfers-api';
import { parseTypedAmount } from '../ui/amount';
import { ReassignDialog, type ReassignDialogData } from '../ui/reassign-dialog';
import { TransferCardsGrid } from '../ui/transfer-cards-grid';
import { type TransferLineRow, TransferLinesGrid } from '../ui/transfer-lines-grid';

type BlockResults = Array<{ cardId: string; result: 'applied' | 'rejected'; message?: string; status?: string }>;

/**
 * Servicios → Transferencia maestra (PRODUCT.md chapter 5): pick cards of the selected product (with
 * their balances), credit them from the master account or debit them back, see the balances before and
 * after (the server's preview, same rules as the transfer), confirm with password + one-time code, see
 * the result card by card. Each card has its own amount; "Mismo monto para todas" fills them all.
 * Block / unblock the picked cards; reassign one to another holder (its balance stays on it).
 * Online only: money never moves from a queue.
 */
@Component({
  selector: 'app-master-transfer-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    RouterLink,
    TPipe,
    TransferCardsGrid,
    TransferLinesGrid,
  ],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">swap_horiz</mat-icon> {{ 'nav.masterTransfer' | t }}</h1>
      @if (!online()) {
        <p class="form-info" role="status">{{ 'transfer.offline' | t }}</p>
      }
      @if (account(); as a) {
        <p class="master-line" data-testid="transfer-master">
          {{ 'transfer.masterLine' | t: { product: product()?.name ?? a.productCode, amount: money(a.availableCents), when: dateTime(a.asOf) } }}
          · <a routerLink="/operaciones/cuenta-maestra">{{ 'nav.masterAccount' | t }}</a>
        </p>
      }
      @if (failure(); as f) {
        <p class="form-error" role="alert" data-testid="transfer-error">{{ f.key ? (f.key | t) : f.serverText }}</p>
      }

      @if (done(); as d) {
        <mat-card appearance="outlined" class="block" data-testid="transfer-done">
          <mat-card-content>
            <p class="ok"><mat-icon>check_circle</mat-icon>
              {{ (d.kind === 'credit' ? 'transfer.doneCredit' : 'transfer.doneDebit') | t: { count: doneCount(d), amount: money(d.amountCents), fee: money(d.feeCents) } }}
            </p>
            @if (d.master.afterCents !== null) {
              <p data-testid="transfer-done-master">{{ 'transfer.masterAfter' | t: { before: money(d.master.beforeCents), after: money(d.master.afterCents) } }}</p>
            }
            <app-transfer-lines-grid [lines]="doneLines()" data-testid="transfer-result" />
            <div class="toolbar"><button mat-stroked-button type="button" (click)="startAgain()" data-testid="transfer-again">{{ 'transfer.again' | t }}</button></div>
          </mat-card-content>
        </mat-card>
      } @else {
        <mat-button-toggle-group [value]="kind()" (change)="setKind($event.value)" [attr.aria-label]="'transfer.kind' | t" data-testid="transfer-kind">
          <mat-button-toggle value="credit">{{ 'transfer.credit' | t }}</mat-button-toggle>
          <mat-button-toggle value="debit">{{ 'transfer.debit' | t }}</mat-button-toggle>
        </mat-button-toggle-group>
        <p class="form-info">{{ (kind() === 'credit' ? 'transfer.creditIntro' : 'transfer.debitIntro') | t }}</p>

        <form class="toolbar" (ngSubmit)="search()">
          <mat-form-field class="search">
            <mat-label>{{ 'transfer.search' | t }}</mat-label>
            <input matInput name="q" [(ngModel)]="query" autocomplete="off" data-testid="transfer-search" />
            <mat-hint>{{ 'transfer.searchHint' | t }}</mat-hint>
          </mat-form-field>
          <button mat-stroked-button type="submit" [disabled]="loading()"><mat-icon>search</mat-icon> {{ 'common.search' | t }}</button>
        </form>
        <app-transfer-cards-grid [rows]="cards()" [loading]="loading()" (selected)="onSelected($event)" data-testid="transfer-cards" />
        <div class="toolbar">
          <span class="form-info" data-testid="transfer-selected">{{ 'common.selected' | t: { count: selected().length } }}</span>
          @if (nextCards()) {
            <button mat-button type="button" (click)="moreCards()" [disabled]="loading()">{{ 'transfer.moreCards' | t }}</button>
          }
          <span class="spacer"></span>
          <button mat-stroked-button type="button" (click)="setBlocked('block')" [disabled]="!online() || busy() || selected().length === 0" data-testid="transfer-block">
            <mat-icon>block</mat-icon> {{ 'transfer.block' | t }}
          </button>
          <button mat-stroked-button type="button" (click)="setBlocked('unblock')" [disabled]="!online() || busy() || selected().length === 0" data-testid="transfer-unblock">
            <mat-icon>lock_open</mat-icon> {{ 'transfer.unblock' | t }}
          </button>
          <button mat-stroked-button type="button" (click)="reassign()" [disabled]="!canReassign()" [attr.title]="'reassign.hint' | t" data-testid="transfer-reassign">
            <mat-icon>person_search</mat-icon> {{ 'reassign.action' | t }}
          </button>
        </div>
        @if (blockResults(); as r) {
          <p class="form-info" role="status" data-testid="transfer-block-result">{{ blockSummary(r) }}</p>
        }
        @if (reassigned(); as r) {
          <p class="form-info ok-line" role="status" data-testid="transfer-reassign-result">
            <mat-icon>check_circle</mat-icon>
            {{ 'reassign.done' | t: { card: r.maskedPan, from: r.previousHolder.name, fromId: r.previousHolder.idType + r.previousHolder.idNumber, to: r.holder.name, toId: r.holder.idType + r.holder.idNumber, amount: money(r.balanceCents) } }}
          </p>
        }

        @if (selected().length > 0) {
          <section class="amounts" data-testid="transfer-amounts">
            <mat-form-field class="amount">
              <mat-label>{{ 'transfer.sameAmount' | t }}</mat-label>
              <input matInput [ngModel]="sameAmount()" (ngModelChange)="applySameAmount($event)" inputmode="decimal" autocomplete="off" data-testid="transfer-same-amount" />
              <mat-hint>{{ 'transfer.sameAmountHint' | t }}</mat-hint>
            </mat-form-field>
            <ul class="amount-list" [attr.aria-label]="'transfer.amountsLabel' | t">
              @for (c of selected(); track c.cardId) {
                <li class="amount-item" [class.bad]="amountErrors().includes(c.cardId)" [attr.data-testid]="'transfer-line-' + c.cardId">
                  <div class="who">
                    <span class="name">{{ c.holderName }}</span>
                    <span class="pan">{{ c.maskedPan }} · {{ 'transfer.col.balance' | t }} {{ money(c.balanceCents) }}</span>
                  </div>
                  <mat-form-field class="line-amount" subscriptSizing="dynamic">
                    <mat-label>{{ 'transfer.col.amount' | t }}</mat-label>
                    <input matInput [ngModel]="amounts()[c.cardId] ?? ''" (ngModelChange)="setAmount(c.cardId, $event)" inputmode="decimal" autocomplete="off"
                           [attr.aria-label]="('transfer.amountFor' | t: { holder: c.holderName })" [attr.data-testid]="'transfer-amount-' + c.cardId" />
                  </mat-form-field>
                </li>
              }
            </ul>
            <div class="toolbar">
              <span class="form-info" data-testid="transfer-typed-total">{{ 'transfer.typedTotal' | t: { amount: typedTotal() } }}</span>
              <span class="spacer"></span>
              <button mat-flat-button type="button" (click)="runPreview()" [disabled]="!online() || busy() || selected().length === 0" data-testid="transfer-preview">
                <mat-icon>preview</mat-icon> {{ 'transfer.preview' | t }}
              </button>
            </div>
          </section>
        }
        @if (amountError()) {
          <p class="form-error" role="alert" data-testid="transfer-amount-error">{{ 'transfer.amountsInvalid' | t: { count: amountErrors().length } }}</p>
        }

        @if (preview(); as p) {
          <mat-card appearance="outlined" class="block" data-testid="transfer-preview-card">
            <mat-card-header><mat-card-title class="subtitle">{{ 'transfer.previewTitle' | t }}</mat-card-title></mat-card-header>
            <mat-card-content>
              <dl class="figures">
                <dt>{{ 'transfer.master' | t }}</dt>
                <dd data-testid="preview-master">{{ money(p.preview.master.beforeCents) }} → {{ money(p.preview.master.afterCents) }}</dd>
                <dt>{{ 'transfer.total' | t }}</dt>
                <dd>{{ money(p.preview.totalCents) }}</dd>
                <dt>{{ 'transfer.fee' | t }}</dt>
                <dd data-testid="preview-fee">{{ money(p.preview.feeCents) }}</dd>
              </dl>
              <app-transfer-lines-grid [lines]="previewLines()" />
              @for (r of generalRefusals(); track r.code) {
                <p class="form-error" role="alert">{{ r.message }}</p>
              }
              <div class="toolbar">
                <button mat-flat-button type="button" (click)="confirm()" [disabled]="!online() || busy() || p.refusals.length > 0" data-testid="transfer-confirm">
                  <mat-icon>send</mat-icon> {{ 'transfer.confirm' | t }}
                </button>
              </div>
            </mat-card-content>
          </mat-card>
        }
      }
      @if (loading() || busy()) {
        <mat-progress-bar mode="indeterminate" />
      }
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .subtitle { font: var(--mat-sys-title-medium); }
    .master-line { font: var(--mat-sys-body-medium); }
    .block { margin: 12px 0; }
    .toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
    .spacer { flex: 1 1 auto; }
    .search { flex: 1 1 260px; }
    .amount { width: 100%; max-width: 360px; }
    .amounts { margin: 8px 0; }
    .amount-list { list-style: none; margin: 8px 0; padding: 0; display: grid; gap: 4px; }
    .amount-item { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 12px; padding: 4px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .amount-item.bad .line-amount { --mat-form-field-outlined-outline-color: var(--mat-sys-error); }
    .who { flex: 1 1 180px; display: flex; flex-direction: column; min-width: 0; }
    .who .name { font: var(--mat-sys-body-large); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
    .who .pan { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); font-variant-numeric: tabular-nums; }
    .line-amount { flex: 0 1 160px; }
    .ok-line { display: flex; align-items: center; gap: 8px; }
    .ok-line mat-icon { color: #1b7f3b; flex: none; }
    .ok { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-title-small); }
    .ok mat-icon { color: #1b7f3b; flex: none; }
    .figures { display: grid; grid-template-columns: auto 1fr; gap: 4px 16px; margin: 0 0 12px; }
    .figures dt { color: var(--mat-sys-on-surface-variant); }
    .figures dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class MasterTransferPage {
  private readonly store = inject(Store);
  private readonly api = inject(TransfersApi);
  private readonly dialog = inject(MatDialog);
  private readonly translator = inject(Translator);
  private readonly injector = inject(Injector);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);

  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly product = this.store.selectSignal(selectSelectedProduct);
  readonly online = this.store.selectSignal(selectOnline);
  readonly money = money;
  readonly dateTime = dateTime;

  readonly account = signal<MasterAccountAnswer | null>(null);
  readonly kind = signal<TransferKind>('credit');
  readonly cards = signal<TransferCardRow[]>([]);
  readonly nextCards = signal<string | null>(null);
  readonly selected = signal<TransferCardRow[]>([]);
  readonly preview = signal<TransferPreviewAnswer | null>(null);
  readonly done = signal<TransferAnswer | null>(null);
  readonly blockResults = signal<BlockResults | null>(null);
  readonly loading = signal(false);
  readonly busy = signal(false);
  /** selected cards whose typed amount is not one (after a preview attempt) */
  readonly amountErrors = signal<string[]>([]);
  readonly amountError = computed(() => this.amountErrors().length > 0);
  /** the amount typed for each selected card (text as typed), by card id */
  readonly amounts = signal<Partial<Record<string, string>>>({});
  /** "Mismo monto para todas": typing it fills every selected card's amount */
  readonly sameAmount = signal('');
  readonly reassigned = signal<CardReassignAnswer | null>(null);
  readonly failure = signal<FailureText | null>(null);
  query = '';

  /** The sum of the amounts typed so far (unreadable ones count as zero), for a glance before the preview. */
  readonly typedTotal = computed(() =>
    money(this.selected().reduce((sum, c) => sum + (parseTypedAmount(this.amounts()[c.cardId] ?? '') ?? 0), 0)),
  );

  /** Reassign: one live card at a time (the rule: src/domain/cards/card-rules.ts; the server decides). */
  readonly canReassign = computed(() => this.online() && !this.busy() && this.selected().length === 1 && this.selected()[0].status !== 'CANCELLED');

  readonly previewLines = computed<TransferLineRow[]>(() =>
    (this.preview()?.preview.cards ?? []).map((c) => ({
      cardId: c.cardId,
      holderName: c.holderName,
      maskedPan: c.maskedPan,
      amountCents: c.amountCents,
      beforeCents: c.beforeCents,
      afterCents: c.afterCents,
      outcome: c.refusal?.message ?? this.translator.t('transfer.ok'),
      problem: !!c.refusal,
    })),
  );

  /** Refusals about the whole transfer (balance, limits); card ones are on their rows. */
  readonly generalRefusals = computed(() => (this.preview()?.refusals ?? []).filter((r) => r.line === undefined));

  readonly doneLines = computed<TransferLineRow[]>(() =>
    (this.done()?.lines ?? []).map((l) => ({
      cardId: l.cardId,
      holderName: l.holderName,
      maskedPan: l.maskedPan,
      amountCents: l.amountCents,
      beforeCents: l.balanceAfterCents === undefined ? null : l.balanceAfterCents - (this.done()!.kind === 'credit' ? l.amountCents : -l.amountCents),
      afterCents: l.balanceAfterCents ?? null,
      outcome: l.status === 'DONE' ? this.translator.t('transfer.lineDone') : (l.reason ?? this.translator.t('transfer.lineRejected')),
      problem: l.status !== 'DONE',
    })),
  );

  constructor() {
    // keyed by ids: the context re-emits equal company/product objects (e.g. after a sync), and reloading
    // the cards then would wipe the user's selection mid-choice
    const contextKey = computed(() => `${this.company()?.id ?? ''}|${this.product()?.code ?? ''}`);
    effect(() => {
      contextKey();
      untracked(() => {
        this.selected.set([]);
        this.preview.set(null);
        void this.loadAccount();
        void this.search();
      });
    });
  }

  doneCount(d: TransferAnswer): number {
    return d.lines.filter((l) => l.status === 'DONE').length;
  }

  setKind(kind: TransferKind): void {
    this.kind.set(kind);
    this.preview.set(null);
  }

  onSelected(rows: TransferCardRow[]): void {
    // amounts already typed stay with their cards; a newly picked card gets the common amount, if any
    const typed = this.amounts();
    const same = this.sameAmount();
    this.amounts.set(Object.fromEntries(rows.map((r) => [r.cardId, typed[r.cardId] ?? same])));
    this.selected.set(rows);
    this.amountErrors.set([]);
    this.preview.set(null);
    this.blockResults.set(null);
  }

  /** "Mismo monto para todas": the same text in every selected card's amount; any can be changed after. */
  applySameAmount(text: string): void {
    this.sameAmount.set(text);
    this.amounts.set(Object.fromEntries(this.selected().map((c) => [c.cardId, text])));
    this.amountErrors.set([]);
    this.preview.set(null);
  }

  setAmount(cardId: string, text: string): void {
    this.amounts.update((a) => ({ ...a, [cardId]: text }));
    this.amountErrors.update((ids) => ids.filter((id) => id !== cardId));
    this.preview.set(null);
  }

  async loadAccount(): Promise<void> {
    const company = this.company();
    const product = this.product();
    if (!company || !product) return;
    try {
      this.account.set(await firstValueFrom(this.api.account(company.id, product.code)));
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
    }
  }

  async search(): Promise<void> {
    await this.loadCards(false);
  }

  async moreCards(): Promise<void> {
    await this.loadCards(true);
  }

  private async loadCards(more: boolean): Promise<void> {
    const company = this.company();
    const product = this.product();
    if (!company || !product) return;
    const page = await pageCall({ flag: this.loading, failure: this.failure }, () =>
      this.api.cards(company.id, product.code, this.query.trim(), more ? this.nextCards() : null),
    );
    if (!page) return;
    this.cards.update((rows) => (more ? [...rows, ...page.items] : page.items));
    this.nextCards.set(page.next);
  }

  /** One line per selected card with its own amount; null (and the cards marked) when one is not an amount. */
  private lines(): Array<{ cardId: string; amountCents: number }> | null {
    const typed = this.amounts();
    const lines = this.selected().map((c) => ({ cardId: c.cardId, amountCents: parseTypedAmount(typed[c.cardId] ?? '') }));
    const bad = lines.filter((l) => l.amountCents === null).map((l) => l.cardId);
    this.amountErrors.set(bad);
    if (bad.length > 0) return null;
    return lines as Array<{ cardId: string; amountCents: number }>;
  }

  async runPreview(): Promise<void> {
    const company = this.company();
    const product = this.product();
    const lines = this.lines();
    if (!company || !product || !lines || lines.length === 0) return;
    const preview = await pageCall({ flag: this.busy, failure: this.failure }, () => this.api.preview(company.id, product.code, this.kind(), lines));
    if (!preview) return;
    this.preview.set(preview);
    // on a phone the preview opens below the fold: bring it into view
    afterNextRender(() => this.host.nativeElement.querySelector('[data-testid="transfer-preview-card"]')?.scrollIntoView({ block: 'start' }), { injector: this.injector });
  }

  async confirm(): Promise<void> {
    const company = this.company();
    const product = this.product();
    const p = this.preview();
    if (!company || !product || !p) return;
    const lines = p.preview.cards.map((c) => ({ cardId: c.cardId, amountCents: c.amountCents }));
    const kind = p.kind;
    // one key per confirmation: a retry inside this dialog (lost answer, network) moves money once
    const key = newIdempotencyKey();
    const data: StepUpDialogData<TransferAnswer> = {
      titleKey: kind === 'credit' ? 'transfer.confirmCreditTitle' : 'transfer.confirmDebitTitle',
      titleParams: { count: lines.length },
      messageKey: 'transfer.confirmMessage',
      messageParams: { total: money(p.preview.totalCents), fee: money(p.preview.feeCents), after: money(p.preview.master.afterCents) },
      confirmKey: 'transfer.confirm',
      sendCode: () => this.api.sendCode(company.id, 'transfer'),
      run: (values) => this.api.execute(company.id, key, { productCode: product.code, kind, lines, password: values.password, otp: values.otp ?? '' }),
    };
    const answer = await firstValueFrom(
      this.dialog.open<StepUpDialog<TransferAnswer>, StepUpDialogData<TransferAnswer>, TransferAnswer>(StepUpDialog, { data }).afterClosed(),
    );
    if (!answer) return;
    this.done.set(answer);
    this.preview.set(null);
    await this.loadAccount();
  }

  startAgain(): void {
    this.done.set(null);
    this.selected.set([]);
    this.amounts.set({});
    this.sameAmount.set('');
    void this.search();
  }

  /**
   * Reassign the selected card to another holder: the new holder's data (ReassignDialog, which says
   * the balance stays on the card), then the password (StepUpDialog). One key per confirmation.
   */
  async reassign(): Promise<void> {
    const company = this.company();
    const product = this.product();
    const card = this.selected()[0];
    if (!company || !product || !card || !this.canReassign()) return;
    const holder = await firstValueFrom(
      this.dialog.open<ReassignDialog, ReassignDialogData, ReassignHolder>(ReassignDialog, { data: { card }, autoFocus: 'first-tabbable' }).afterClosed(),
    );
    if (!holder) return;
    const key = newIdempotencyKey();
    const data: StepUpDialogData<CardReassignAnswer> = {
      titleKey: 'reassign.confirmTitle',
      messageKey: 'reassign.confirmMessage',
      messageParams: {
        card: card.maskedPan,
        from: card.holderName,
        to: `${holder.firstName} ${holder.lastName}`,
        toId: `${holder.idType}${holder.idNumber}`,
        amount: money(card.balanceCents),
      },
      confirmKey: 'reassign.confirm',
      run: (values) => this.api.reassign(company.id, product.code, key, { cardId: card.cardId, holder, password: values.password }),
    };
    const answer = await firstValueFrom(
      this.dialog.open<StepUpDialog<CardReassignAnswer>, StepUpDialogData<CardReassignAnswer>, CardReassignAnswer>(StepUpDialog, { data }).afterClosed(),
    );
    if (!answer) return;
    await this.search();
    this.reassigned.set(answer);
  }

  async setBlocked(action: 'block' | 'unblock'): Promise<void> {
    const company = this.company();
    const product = this.product();
    const cardIds = this.selected().map((c) => c.cardId);
    if (!company || !product || cardIds.length === 0) return;
    const key = newIdempotencyKey();
    const data: StepUpDialogData<{ results: BlockResults }> = {
      titleKey: action === 'block' ? 'transfer.blockTitle' : 'transfer.unblockTitle',
      titleParams: { count: cardIds.length },
      confirmKey: action === 'block' ? 'transfer.block' : 'transfer.unblock',
      danger: action === 'block',
      run: (values) => this.api.setBlocked(company.id, product.code, key, { cardIds, action, password: values.password }),
    };
    const answer = await firstValueFrom(
      this.dialog.open<StepUpDialog<{ results: BlockResults }>, StepUpDialogData<{ results: BlockResults }>, { results: BlockResults }>(StepUpDialog, { data }).afterClosed(),
    );
    if (!answer) return;
    this.blockResults.set(answer.results);
    await this.search();
  }

  blockSummary(results: BlockResults): string {
    const applied = results.filter((r) => r.result === 'applied').length;
    const rejected = results.filter((r) => r.result === 'rejected');
    const first = rejected[0]?.message ?? '';
    return this.translator.t('transfer.blockSummary', { applied, rejected: rejected.length }) + (first ? ` ${first}` : '');
  }
}
