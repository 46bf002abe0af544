import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router } from '@angular/router';
import { Store } from '@ngrx/store';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions } from 'ag-grid-community';
import type { OrderAnswer } from '../../../domain/orders/order.model';
import { ORDER_STATUSES, type OrderStatus } from '../../../domain/statuses';
import { pageCall } from '../../core/api/page-call';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import type { FailureText } from '../../lots/ui/failure-text';
import { dateTime, money } from '../../lots/ui/format';
import { baseGridOptions } from '../../lots/ui/grid';
import { lotTypeKey, orderStatusKey } from '../../lots/ui/labels';
import { OrdersApi } from '../data/orders-api';

/** Service orders (PRODUCT.md chapter 4): search by dates, status and number; open one for its detail. */
@Component({
  selector: 'app-orders-page',
  imports: [FormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TPipe, AgGridAngular],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">receipt_long</mat-icon> {{ 'nav.serviceOrders' | t }}</h1>
      <form class="filters" (ngSubmit)="search()">
        <mat-form-field>
          <mat-label>{{ 'common.from' | t }}</mat-label>
          <input matInput type="date" name="from" [(ngModel)]="from" data-testid="filter-from" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'common.to' | t }}</mat-label>
          <input matInput type="date" name="to" [(ngModel)]="to" data-testid="filter-to" />
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'orders.status' | t }}</mat-label>
          <mat-select name="status" [(ngModel)]="status" data-testid="filter-status">
            <mat-option [value]="''">{{ 'common.all' | t }}</mat-option>
            @for (s of statuses; track s) {
              <mat-option [value]="s">{{ statusKey(s) | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field>
          <mat-label>{{ 'orders.number' | t }}</mat-label>
          <input matInput name="number" [(ngModel)]="number" inputmode="numeric" data-testid="filter-number" />
        </mat-form-field>
        <div class="buttons">
          <button mat-flat-button type="submit" data-testid="search"><mat-icon>search</mat-icon> {{ 'common.search' | t }}</button>
          <button mat-button type="button" (click)="clear()">{{ 'common.clear' | t }}</button>
        </div>
      </form>
      @if (failure(); as f) {
        <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
      }
      <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns" [rowData]="orders()" [loading]="loading()"
                       (rowClicked)="$event.data && open($event.data)" data-testid="orders-grid" />
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .filters { display: flex; flex-wrap: wrap; gap: 0 12px; align-items: baseline; }
    .filters mat-form-field { flex: 1 1 160px; }
    .buttons { display: flex; gap: 8px; }
    .grid { display: block; width: 100%; height: 440px; }
    .grid ::ng-deep .ag-row { cursor: pointer; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class OrdersPage {
  private readonly store = inject(Store);
  private readonly api = inject(OrdersApi);
  private readonly router = inject(Router);
  private readonly translator = inject(Translator);
  readonly company = this.store.selectSignal(selectSelectedCompany);

  readonly statuses = ORDER_STATUSES;
  readonly statusKey = orderStatusKey;
  from = '';
  to = '';
  status: OrderStatus | '' = '';
  number = '';

  readonly orders = signal<OrderAnswer[]>([]);
  readonly loading = signal(false);
  readonly failure = signal<FailureText | null>(null);

  readonly options: GridOptions<OrderAnswer> = {
    ...baseGridOptions<OrderAnswer>(this.translator),
    getRowId: (p) => p.data.id,
  };
  readonly columns: ColDef<OrderAnswer>[] = this.buildColumns();

  constructor() {
    void this.search();
  }

  private buildColumns(): ColDef<OrderAnswer>[] {
    const t = this.translator.t.bind(this.translator);
    return [
      { field: 'number', headerName: t('orders.number'), width: 110, sort: 'desc' },
      { field: 'createdAt', headerName: t('orders.createdAt'), width: 210, valueFormatter: (p) => dateTime(p.value) },
      { field: 'status', headerName: t('orders.status'), width: 170, valueFormatter: (p) => (p.value ? t(orderStatusKey(p.value)) : '') },
      { field: 'lotType', headerName: t('lot.type'), width: 90, tooltipValueGetter: (p) => (p.data ? t(lotTypeKey(p.data.lotType)) : '') },
      { field: 'productCode', headerName: t('lot.product'), width: 110 },
      { colId: 'lots', headerName: t('orders.lotCount'), width: 90, type: 'rightAligned', valueGetter: (p) => p.data?.lots.length ?? 0 },
      {
        colId: 'amount',
        headerName: t('order.toDeposit'),
        width: 160,
        type: 'rightAligned',
        valueGetter: (p) => p.data?.figures.amountToDepositCents ?? 0,
        valueFormatter: (p) => money(p.value),
      },
      { field: 'invoiceNumber', headerName: t('orders.invoice'), width: 140, valueFormatter: (p) => p.value ?? '' },
    ];
  }

  async search(): Promise<void> {
    const company = this.company();
    if (!company) return;
    const orders = await pageCall({ flag: this.loading, failure: this.failure }, () =>
      this.api.list(company.id, { from: this.from, to: this.to, status: this.status || undefined, number: this.number.replace(/\D/g, '') }),
    );
    if (orders) this.orders.set(orders);
  }

  clear(): void {
    this.from = this.to = this.number = '';
    this.status = '';
    void this.search();
  }

  open(order: OrderAnswer): void {
    void this.router.navigate(['/consultas/ordenes-de-servicio', order.id]);
  }
}
