import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { OrderFigures } from '../../../domain/orders/order.model';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';
import { money } from '../../lots/ui/format';

/** The figures of an order (or a calculation group), in the order PRODUCT.md lists them. */
export const FIGURE_ROWS: readonly { key: keyof OrderFigures; label: MessageKey }[] = [
  { key: 'rechargeCents', label: 'order.recharge' },
  { key: 'issuanceFeesCents', label: 'order.issuanceFees' },
  { key: 'commissionCents', label: 'order.commission' },
  { key: 'taxCents', label: 'order.tax' },
  { key: 'totalCents', label: 'order.total' },
  { key: 'amountToDepositCents', label: 'order.toDeposit' },
];

@Component({
  selector: 'app-order-figures',
  imports: [TPipe],
  template: `
    <dl class="figures">
      @for (row of rows; track row.key) {
        <div class="row" [class.strong]="row.key === 'totalCents' || row.key === 'amountToDepositCents'"
             [attr.data-testid]="'figure-' + row.key">
          <dt>{{ row.label | t }}</dt>
          <dd>{{ money(figures()[row.key]) }}</dd>
        </div>
      }
    </dl>
  `,
  styles: `
    .figures { margin: 0; }
    .row { display: flex; justify-content: space-between; gap: 16px; padding: 4px 0; border-bottom: 1px solid var(--mat-sys-outline-variant); }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; font-variant-numeric: tabular-nums; text-align: right; }
    .strong dt, .strong dd { color: var(--mat-sys-on-surface); font-weight: 500; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrderFiguresView {
  readonly figures = input.required<OrderFigures>();
  readonly rows = FIGURE_ROWS;
  readonly money = money;
}
