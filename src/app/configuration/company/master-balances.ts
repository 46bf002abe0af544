import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { MatIconModule } from '@angular/material/icon';
import { Store } from '@ngrx/store';
import { firstValueFrom, map, of, switchMap } from 'rxjs';
import { hasPermission } from '../../../domain/permissions';
import type { CompanyProductSummary } from '../../../domain/session';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { selectOnline } from '../../core/status/status.reducer';
import { dateTime, money } from '../../lots/ui/format';
import type { LocalAccount } from '../../offline/db/doc-types';
import { OfflineEngine } from '../../offline/offline-engine';
import { TransfersApi } from '../../transfers/data/transfers-api';

export interface MasterBalanceRow {
  productCode: string;
  productName: string;
  balanceCents: number | null;
  /** when this balance was true: the server's answer time, or the device's last pull of accounts */
  asOf: string | null;
  source: 'server' | 'device';
}

/**
 * The company's master account balance per product (PRODUCT.md chapter 2, "Información general").
 * From the server when online and allowed (`transfers.execute`: its master-account call), otherwise
 * from the device's replicated `account:<product>` documents (held for `transfers.execute` or
 * `orders.pay`), "as of" their last pull — offline too.
 */
export function balancesFrom(
  products: readonly CompanyProductSummary[],
  device: readonly LocalAccount[],
  deviceAsOf: string | null,
  server: ReadonlyMap<string, { balanceCents: number; asOf: string }> | null,
): MasterBalanceRow[] {
  const held = new Map(device.filter((a) => a.type === 'account' && a.productCode).map((a) => [a.productCode!, a]));
  return products.map((p) => {
    const fresh = server?.get(p.code);
    if (fresh) return { productCode: p.code, productName: p.name, balanceCents: fresh.balanceCents, asOf: fresh.asOf, source: 'server' as const };
    const local = held.get(p.code);
    return { productCode: p.code, productName: p.name, balanceCents: local?.balanceCents ?? null, asOf: local ? deviceAsOf : null, source: 'device' as const };
  });
}

@Component({
  selector: 'app-master-balances',
  imports: [MatIconModule, TPipe],
  template: `
    <h2 class="section">{{ 'companyInfo.balances' | t }}</h2>
    @if (!mayRead()) {
      <p class="form-info" data-testid="balances-no-permission">{{ 'companyInfo.balancesNoPermission' | t }}</p>
    } @else {
      <ul class="balances" data-testid="master-balances">
        @for (row of rows(); track row.productCode) {
          <li [attr.data-testid]="'balance-' + row.productCode">
            <span class="product">{{ row.productName }} <small>({{ row.productCode }})</small></span>
            @if (row.balanceCents !== null) {
              <span class="amount">{{ money(row.balanceCents) }}</span>
              <small class="as-of">
                @if (row.source === 'device') { <mat-icon aria-hidden="true" inline>cloud_off</mat-icon> }
                {{ (row.source === 'server' ? 'companyInfo.asOfServer' : 'companyInfo.asOfDevice') | t: { when: dateTime(row.asOf) } }}
              </small>
            } @else {
              <small class="as-of">{{ 'companyInfo.balanceUnknown' | t }}</small>
            }
          </li>
        }
      </ul>
    }
  `,
  styles: `
    .section { font: var(--mat-sys-title-medium); margin: 20px 0 8px; }
    .balances { list-style: none; padding: 0; margin: 0; display: grid; gap: 8px; }
    .balances li { display: grid; grid-template-columns: 1fr auto; gap: 0 12px; padding: 8px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    .product { font: var(--mat-sys-body-large); }
    .amount { font: var(--mat-sys-title-medium); font-variant-numeric: tabular-nums; text-align: right; }
    .as-of { grid-column: 1 / -1; color: var(--mat-sys-on-surface-variant); display: flex; align-items: center; gap: 4px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MasterBalances {
  private readonly store = inject(Store);
  private readonly api = inject(TransfersApi);
  private readonly engine = inject(OfflineEngine);
  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly online = this.store.selectSignal(selectOnline);
  readonly money = money;
  readonly dateTime = dateTime;

  private readonly canTransfer = computed(() => hasPermission(this.company()?.permissions, 'transfers.execute'));
  /** who may see master balances at all: the same people the device replicates accounts for */
  readonly mayRead = computed(() => this.canTransfer() || hasPermission(this.company()?.permissions, 'orders.pay'));

  private readonly device = toSignal(
    toObservable(this.engine.database).pipe(
      switchMap((db) => (db ? db.accounts.find({ selector: { type: 'account' } }).$.pipe(map((docs) => docs.map((d) => d.toJSON() as LocalAccount))) : of([]))),
    ),
    { initialValue: [] as LocalAccount[] },
  );
  private readonly server = signal<Map<string, { balanceCents: number; asOf: string }> | null>(null);

  readonly rows = computed(() =>
    balancesFrom(this.company()?.products ?? [], this.device(), this.engine.pulledAt().accounts ?? this.engine.lastSyncAt(), this.online() ? this.server() : null),
  );

  constructor() {
    effect(() => {
      const company = this.company();
      const online = this.online();
      const allowed = this.canTransfer();
      untracked(() => {
        if (company && online && allowed) void this.load(company.id, company.products.map((p) => p.code));
      });
    });
  }

  /** Each product's balance from the server; a product that fails keeps the device's figure. */
  private async load(companyId: string, codes: string[]): Promise<void> {
    const answers = await Promise.all(
      codes.map((code) =>
        firstValueFrom(this.api.account(companyId, code)).then(
          (a) => [code, { balanceCents: a.balanceCents, asOf: a.asOf }] as const,
          () => null,
        ),
      ),
    );
    this.server.set(new Map(answers.filter((a): a is NonNullable<typeof a> => a !== null)));
  }
}
