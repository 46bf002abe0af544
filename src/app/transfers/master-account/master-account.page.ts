import { ChangeDetectionStrategy, Component, effect, inject, signal, untracked } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { firstValueFrom } from 'rxjs';
import type { MasterAccountAnswer, StatementEntryAnswer, TransferAnswer } from '../../../domain/transfers/transfer.model';
import { type PageCallState, pageCall } from '../../core/api/page-call';
import { selectSelectedCompany, selectSelectedProduct } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { selectOnline } from '../../core/status/status.reducer';
import type { FailureText } from '../../lots/ui/failure-text';
import { dateTime, money } from '../../lots/ui/format';
import { StepUpDialog, type StepUpDialogData } from '../../lots/ui/step-up-dialog';
import { TransfersApi, newIdempotencyKey } from '../data/transfers-api';
import { parseTypedAmount } from '../ui/amount';
import { StatementGrid } from '../ui/statement-grid';

/**
 * Operaciones → Cuenta maestra (PRODUCT.md chapter 5): the selected product's master account — its
 * balance recomputed from the ledger "as of" the time it was read, the statement (every ledger entry)
 * and funding from the company's registered account (password + one-time code). Online only.
 */
@Component({
  selector: 'app-master-account-page',
  imports: [
    FormsModule,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    RouterLink,
    TPipe,
    StatementGrid,
  ],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">account_balance</mat-icon> {{ 'nav.masterAccount' | t }}</h1>
      @if (!online()) {
        <p class="form-info" role="status">{{ 'master.offline' | t }}</p>
      }
      @if (failure(); as f) {
        <p class="form-error" role="alert" data-testid="master-error">{{ f.key ? (f.key | t) : f.serverText }}</p>
      }
      @if (product(); as p) {
        <mat-card appearance="outlined" class="block balance" data-testid="master-balance">
          <mat-card-content>
            <div class="label">{{ 'master.balance' | t: { product: p.name } }}</div>
            <div class="amount" data-testid="master-balance-amount">{{ account() ? money(account()!.balanceCents) : '—' }}</div>
            @if (account(); as a) {
              <div class="as-of" data-testid="master-as-of">{{ 'master.asOf' | t: { when: dateTime(a.asOf) } }}</div>
              @if (a.availableCents !== a.balanceCents) {
                <div class="as-of">{{ 'master.available' | t: { amount: money(a.availableCents) } }}</div>
              }
              <div class="limits">
                {{ 'master.feeAndLimits' | t: { fee: money(a.settings.feeCents), min: money(a.settings.minAmountCents), max: a.settings.maxAmountCents === null ? ('master.noLimit' | t) : money(a.settings.maxAmountCents) } }}
              </div>
              <div class="limits">{{ 'master.usage' | t: { count: a.usage.dayCount, amount: money(a.usage.dayAmountCents), weekCount: a.usage.weekCount, weekAmount: money(a.usage.weekAmountCents) } }}</div>
            }
            <div class="toolbar">
              <button mat-icon-button type="button" (click)="reload()" [attr.aria-label]="'common.refresh' | t" [disabled]="loading()">
                <mat-icon>refresh</mat-icon>
              </button>
              <a mat-stroked-button routerLink="/servicios/transferencia-maestra" data-testid="go-transfer">
                <mat-icon>swap_horiz</mat-icon> {{ 'nav.masterTransfer' | t }}
              </a>
            </div>
          </mat-card-content>
        </mat-card>

        <mat-card appearance="outlined" class="block">
          <mat-card-header><mat-card-title class="subtitle">{{ 'master.fundTitle' | t }}</mat-card-title></mat-card-header>
          <mat-card-content>
            <p class="form-info">{{ 'master.fundIntro' | t }}</p>
            <div class="fund">
              <mat-form-field class="field">
                <mat-label>{{ 'master.fundingAccount' | t }}</mat-label>
                <mat-select [(ngModel)]="fundingAccountId" data-testid="funding-account">
                  @for (f of account()?.fundingAccounts ?? []; track f.id) {
                    <mat-option [value]="f.id">{{ f.bankName }} · {{ f.accountNumberMasked }}</mat-option>
                  }
                </mat-select>
              </mat-form-field>
              <mat-form-field class="field">
                <mat-label>{{ 'master.amount' | t }}</mat-label>
                <input matInput [(ngModel)]="fundAmount" inputmode="decimal" autocomplete="off" data-testid="fund-amount" />
                <mat-hint>{{ 'master.amountHint' | t }}</mat-hint>
              </mat-form-field>
              <button mat-flat-button type="button" (click)="fund()" [disabled]="!online() || busy()" data-testid="fund">
                <mat-icon>savings</mat-icon> {{ 'master.fund' | t }}
              </button>
            </div>
            @if (fundError()) {
              <p class="form-error" role="alert">{{ fundError()! | t }}</p>
            }
            @if (funded(); as f) {
              <p class="ok" role="status" data-testid="funded">
                <mat-icon>check_circle</mat-icon> {{ 'master.funded' | t: { amount: money(f.amountCents), balance: money(f.master.afterCents) } }}
              </p>
            }
          </mat-card-content>
        </mat-card>

        <h2 class="subtitle">{{ 'master.statement' | t }}</h2>
        <app-statement-grid [entries]="entries()" [loading]="loading()" data-testid="statement" />
        <div class="toolbar">
          @if (next()) {
            <button mat-stroked-button type="button" (click)="more()" [disabled]="loading()" data-testid="statement-more">{{ 'master.more' | t }}</button>
          }
          <span class="form-info">{{ 'master.entries' | t: { count: entries().length } }}</span>
        </div>
      } @else {
        <p class="form-info">{{ 'master.noProduct' | t }}</p>
      }
      @if (loading() || busy()) {
        <mat-progress-bar mode="indeterminate" />
      }
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .subtitle { font: var(--mat-sys-title-medium); margin: 16px 0 8px; }
    .block { margin: 12px 0; }
    .balance .label { font: var(--mat-sys-label-large); color: var(--mat-sys-on-surface-variant); }
    .balance .amount { font: var(--mat-sys-display-small); margin: 4px 0; }
    .as-of, .limits { font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }
    .toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; }
    .fund { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: baseline; }
    .field { flex: 1 1 220px; }
    .ok { display: flex; align-items: center; gap: 8px; }
    .ok mat-icon { color: #1b7f3b; flex: none; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class MasterAccountPage {
  private readonly store = inject(Store);
  private readonly api = inject(TransfersApi);
  private readonly dialog = inject(MatDialog);

  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly product = this.store.selectSignal(selectSelectedProduct);
  readonly online = this.store.selectSignal(selectOnline);
  readonly money = money;
  readonly dateTime = dateTime;

  readonly account = signal<MasterAccountAnswer | null>(null);
  readonly entries = signal<StatementEntryAnswer[]>([]);
  readonly next = signal<string | null>(null);
  readonly loading = signal(false);
  readonly busy = signal(false);
  readonly failure = signal<FailureText | null>(null);
  /** reads of the account and its statement: `loading` while they run, `failure` when one fails */
  private readonly loads: PageCallState = { flag: this.loading, failure: this.failure };
  readonly fundError = signal<'master.amountInvalid' | 'master.accountRequired' | null>(null);
  readonly funded = signal<TransferAnswer | null>(null);
  fundingAccountId = '';
  fundAmount = '';

  constructor() {
    // the product (or company) of the context changes: read that account
    effect(() => {
      this.company();
      this.product();
      untracked(() => void this.reload());
    });
  }

  async reload(): Promise<void> {
    const company = this.company();
    const product = this.product();
    if (!company || !product) return;
    const answer = await pageCall(this.loads, () =>
      Promise.all([firstValueFrom(this.api.account(company.id, product.code)), firstValueFrom(this.api.statement(company.id, product.code, null))]),
    );
    if (!answer) return;
    const [account, page] = answer;
    this.account.set(account);
    if (!this.fundingAccountId && account.fundingAccounts.length > 0) this.fundingAccountId = account.fundingAccounts[0].id;
    this.entries.set(page.entries);
    this.next.set(page.next);
  }

  async more(): Promise<void> {
    const company = this.company();
    const product = this.product();
    const before = this.next();
    if (!company || !product || !before) return;
    const page = await pageCall(this.loads, () => this.api.statement(company.id, product.code, before));
    if (!page) return;
    this.entries.update((rows) => [...rows, ...page.entries]);
    this.next.set(page.next);
  }

  async fund(): Promise<void> {
    const company = this.company();
    const product = this.product();
    if (!company || !product) return;
    const amountCents = parseTypedAmount(this.fundAmount);
    this.fundError.set(!this.fundingAccountId ? 'master.accountRequired' : amountCents === null ? 'master.amountInvalid' : null);
    if (amountCents === null || !this.fundingAccountId) return;
    const fundingAccountId = this.fundingAccountId;
    // one key per confirmation: retrying inside this dialog cannot fund twice
    const key = newIdempotencyKey();
    const data: StepUpDialogData<TransferAnswer> = {
      titleKey: 'master.fundConfirmTitle',
      messageKey: 'master.fundConfirmMessage',
      messageParams: { amount: money(amountCents), product: product.name },
      confirmKey: 'master.fund',
      sendCode: () => this.api.sendCode(company.id, 'funding'),
      run: (values) => this.api.fund(company.id, product.code, key, { fundingAccountId, amountCents, password: values.password, otp: values.otp ?? '' }),
    };
    const answer = await firstValueFrom(
      this.dialog.open<StepUpDialog<TransferAnswer>, StepUpDialogData<TransferAnswer>, TransferAnswer>(StepUpDialog, { data }).afterClosed(),
    );
    if (!answer) return;
    this.funded.set(answer);
    this.fundAmount = '';
    await this.reload();
  }
}
