import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { Store } from '@ngrx/store';
import { ContextActions } from '../../core/context/context.actions';
import { selectSelectedCompany, selectSelectedProduct } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { selectCompanies } from '../../core/session/session.selectors';

export interface ContextOption {
  companyId: string;
  companyName: string;
  productCode: string | null;
  productName: string | null;
}

/** Toolbar switch of the company and product every screen works in: one tap on an option switches. */
@Component({
  selector: 'app-company-selector',
  imports: [MatButtonModule, MatIconModule, MatMenuModule, TPipe],
  template: `
    <button mat-button class="trigger context-trigger" [matMenuTriggerFor]="menu" [disabled]="options().length < 2"
            [attr.aria-label]="'context.switch' | t" data-testid="context-trigger">
      <mat-icon aria-hidden="true">business</mat-icon>
      <span class="name">{{ company()?.name ?? ('context.none' | t) }}</span>
      @if (product(); as p) { <span class="product">· {{ p.code }}</span> }
    </button>
    <mat-menu #menu="matMenu" [attr.aria-label]="'context.label' | t">
      @for (option of options(); track option.companyId + '/' + option.productCode) {
        <button mat-menu-item (click)="select(option)" [attr.data-testid]="'context-' + option.companyId + '-' + option.productCode"
                [attr.aria-current]="isSelected(option) ? 'true' : null">
          <mat-icon aria-hidden="true">{{ isSelected(option) ? 'radio_button_checked' : 'radio_button_unchecked' }}</mat-icon>
          <span>{{ option.companyName }} · {{ option.productName ?? ('context.noProduct' | t) }}</span>
        </button>
      }
    </mat-menu>
  `,
  styles: `
    :host { min-width: 0; display: flex; }
    .trigger { max-width: min(46vw, 420px); min-width: 0; }
    .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
    .product { margin-left: 4px; font-weight: 500; white-space: nowrap; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CompanySelector {
  private readonly store = inject(Store);
  private readonly companies = this.store.selectSignal(selectCompanies);
  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly product = this.store.selectSignal(selectSelectedProduct);

  readonly options = computed<ContextOption[]>(() =>
    this.companies().flatMap((company): ContextOption[] =>
      company.products.length === 0
        ? [{ companyId: company.id, companyName: company.name, productCode: null, productName: null }]
        : company.products.map((product) => ({
            companyId: company.id,
            companyName: company.name,
            productCode: product.code,
            productName: product.name,
          })),
    ),
  );

  isSelected(option: ContextOption): boolean {
    return option.companyId === this.company()?.id && option.productCode === (this.product()?.code ?? null);
  }

  select(option: ContextOption): void {
    this.store.dispatch(ContextActions.selected({ companyId: option.companyId, productCode: option.productCode }));
  }
}
