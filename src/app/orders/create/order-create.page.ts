import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { firstValueFrom } from 'rxjs';
import type { LotListItem } from '../../../domain/lots/lot.model';
import type { CalculationAnswer, CalculationGroup, GenerateOrdersAnswer, OrderGrouping } from '../../../domain/orders/order.model';
import { pageCall } from '../../core/api/page-call';
import { toApiFailure } from '../../core/api/api-failure';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { selectOnline } from '../../core/status/status.reducer';
import { LotsApi } from '../../lots/data/lots-api';
import { type FailureText, actionFailureText } from '../../lots/ui/failure-text';
import { money } from '../../lots/ui/format';
import { lotTypeKey } from '../../lots/ui/labels';
import type { LotColumn } from '../../lots/ui/lot-columns';
import { LotsGrid } from '../../lots/ui/lots-grid';
import { StepUpDialog, type StepUpDialogData } from '../../lots/ui/step-up-dialog';
import { OrdersApi } from '../data/orders-api';
import { OrderFiguresView } from '../ui/order-figures';
import { type OrderLineRow, OrderLinesGrid } from '../ui/order-lines-grid';

/**
 * Service order (PRODUCT.md chapter 3): authorized lots → grouping → the server's calculation (every
 * figure from the shared fee function) → generate (password + one-time code) or drop.
 */
@Component({
  selector: 'app-order-create-page',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatCardModule,
    MatIconModule,
    MatProgressBarModule,
    RouterLink,
    TPipe,
    LotsGrid,
    OrderFiguresView,
    OrderLinesGrid,
  ],
  templateUrl: './order-create.page.html',
  styleUrl: './order-create.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class OrderCreatePage {
  private readonly store = inject(Store);
  private readonly lotsApi = inject(LotsApi);
  private readonly ordersApi = inject(OrdersApi);
  private readonly dialog = inject(MatDialog);
  private readonly translator = inject(Translator);

  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly online = this.store.selectSignal(selectOnline);
  readonly money = money;

  readonly columns: readonly LotColumn[] = ['id', 'type', 'product', 'records', 'total', 'uploadedAt'];
  readonly lots = signal<LotListItem[]>([]);
  readonly loading = signal(false);
  readonly busy = signal(false);
  readonly selected = signal<LotListItem[]>([]);
  readonly grouping = signal<OrderGrouping>('per-lot');
  readonly calculation = signal<CalculationAnswer | null>(null);
  readonly generated = signal<GenerateOrdersAnswer | null>(null);
  readonly failure = signal<FailureText | null>(null);

  readonly lines = computed<OrderLineRow[]>(() => {
    const calc = this.calculation();
    if (!calc) return [];
    return calc.groups.flatMap((group, index) => group.lots.map((line) => ({ ...line, group: String(index + 1) })));
  });

  constructor() {
    void this.load();
  }

  async load(): Promise<void> {
    const company = this.company();
    if (!company) return;
    const lots = await pageCall({ flag: this.loading, failure: this.failure }, () => this.lotsApi.list(company.id, { status: 'AUTHORIZED' }));
    if (lots) this.lots.set(lots.filter((lot) => lot.status === 'AUTHORIZED'));
  }

  groupTitle(group: CalculationGroup, index: number): string {
    const what = this.grouping() === 'per-lot' && group.lots.length === 1 ? group.lots[0].lotId : this.translator.t(lotTypeKey(group.lotType));
    return this.translator.t('orderCreate.groupTitle', { n: index + 1, what, product: group.productCode });
  }

  async calculate(): Promise<void> {
    const company = this.company();
    const ids = this.selected().map((lot) => lot.id);
    if (!company || ids.length === 0 || this.busy()) return;
    this.busy.set(true);
    this.failure.set(null);
    this.generated.set(null);
    try {
      const previous = this.calculation();
      if (previous) await this.drop(previous.id);
      this.calculation.set(await firstValueFrom(this.ordersApi.calculate(company.id, ids, this.grouping())));
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
    } finally {
      this.busy.set(false);
    }
  }

  async discard(): Promise<void> {
    const calc = this.calculation();
    if (!calc) return;
    this.busy.set(true);
    try {
      await this.drop(calc.id);
      this.calculation.set(null);
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
    } finally {
      this.busy.set(false);
    }
  }

  private async drop(calculationId: string): Promise<void> {
    const company = this.company();
    if (company) await firstValueFrom(this.ordersApi.dropCalculation(company.id, calculationId), { defaultValue: null });
  }

  async generate(): Promise<void> {
    const company = this.company();
    const calc = this.calculation();
    if (!company || !calc) return;
    const data: StepUpDialogData<GenerateOrdersAnswer> = {
      titleKey: 'orderCreate.generateTitle',
      titleParams: { count: calc.groups.length },
      messageKey: 'orderCreate.generateMessage',
      messageParams: { total: money(calc.totals.amountToDepositCents) },
      confirmKey: 'orderCreate.generate',
      sendCode: () => this.ordersApi.sendCode(company.id, 'order.generate'),
      run: (values) => this.ordersApi.generate(company.id, calc.id, values.password, values.otp ?? ''),
    };
    const answer = await firstValueFrom(
      this.dialog.open<StepUpDialog<GenerateOrdersAnswer>, StepUpDialogData<GenerateOrdersAnswer>, GenerateOrdersAnswer>(StepUpDialog, { data }).afterClosed(),
    );
    if (!answer) return;
    this.generated.set(answer);
    this.calculation.set(null);
    this.selected.set([]);
    await this.load();
  }

  setGrouping(grouping: OrderGrouping): void {
    this.grouping.set(grouping);
  }
}
