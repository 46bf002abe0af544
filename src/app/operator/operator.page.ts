import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatTabsModule } from '@angular/material/tabs';
import { TPipe } from '../core/i18n/t.pipe';
import type { CompanyData } from '../configuration/data/config-api';
import { CompaniesTab } from './companies-tab';
import { PaymentsTab } from './payments-tab';
import { ProductsTab } from './products-tab';
import { UsersTab } from './users-tab';

/**
 * The operator's console (PRODUCT.md "Who uses it"): companies, their products (BIN, fee schedule,
 * tax, limits), users of any company, and payments and invoices of service orders.
 */
@Component({
  selector: 'app-operator-page',
  imports: [MatIconModule, MatTabsModule, TPipe, CompaniesTab, ProductsTab, UsersTab, PaymentsTab],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">admin_panel_settings</mat-icon> {{ 'nav.operatorConsole' | t }}</h1>
      <mat-tab-group mat-stretch-tabs="false" dynamicHeight>
        <mat-tab [label]="'operator.companies' | t">
          <app-companies-tab (changed)="companies.set($event)" />
        </mat-tab>
        <mat-tab [label]="'operator.products' | t">
          <ng-template matTabContent><app-products-tab [companies]="companies()" /></ng-template>
        </mat-tab>
        <mat-tab [label]="'operator.users' | t">
          <ng-template matTabContent><app-users-tab [companies]="companies()" /></ng-template>
        </mat-tab>
        <mat-tab [label]="'operator.payments' | t">
          <ng-template matTabContent><app-payments-tab [companies]="companies()" /></ng-template>
        </mat-tab>
      </mat-tab-group>
    </section>
  `,
  styles: `.title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class OperatorPage {
  /** every company, loaded by the first tab (always rendered) and shared with the others */
  readonly companies = signal<CompanyData[]>([]);
}
