import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { AgGridAngular } from 'ag-grid-angular';
import type { ColDef, GridOptions, SelectionChangedEvent } from 'ag-grid-community';
import { firstValueFrom, forkJoin } from 'rxjs';
import type { OrderAnswer } from '../../domain/orders/order.model';
import { pageCall } from '../core/api/page-call';
import { TPipe } from '../core/i18n/t.pipe';
import { Translator } from '../core/i18n/translator';
import type { FailureText } from '../lots/ui/failure-text';
import { dateTime, money } from '../lots/ui/format';
import { baseGridOptions } from '../lots/ui/grid';
import { orderStatusKey } from '../lots/ui/labels';
import { OrdersApi } from '../orders/data/orders-api';
import { OperatorPaymentDialog, type OperatorPaymentDialogData } from '../orders/detail/operator-payment-dialog';
import type { CompanyData } from '../configuration/data/config-api';

interface PendingRow {
  companyId: string;
  companyName: string;
  order: OrderAnswer;
}

/**
 * Operator → Pagos y facturas: orders waiting for the money (record the payment received, with its
 * invoice if there is one) and paid orders without an invoice (record it), across every company.
 */
@Component({
  selector: 'app-payments-tab',
  imports: [AgGridAngular, MatButtonModule, MatIconModule, TPipe],
  template: `
    <p class="form-info">{{ 'operator.pendingOrders' | t }}</p>
    <div class="toolbar">
      <button mat-button type="button" (click)="load()"><mat-icon>refresh</mat-icon> {{ 'common.refresh' | t }}</button>
      @if (selected(); as row) {
        @if (row.order.status === 'PENDING_PAYMENT') {
          <button mat-flat-button type="button" (click)="record(row, 'payment')" data-testid="record-payment">
            <mat-icon>payments</mat-icon> {{ 'operator.recordPayment' | t }}
          </button>
        } @else {
          <button mat-flat-button type="button" (click)="record(row, 'invoice')" data-testid="record-invoice">
            <mat-icon>receipt</mat-icon> {{ 'operator.recordInvoice' | t }}
          </button>
        }
      }
    </div>
    @if (failure(); as f) {
      <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
    }
    <ag-grid-angular class="grid" [gridOptions]="options" [columnDefs]="columns" [rowData]="rows()" [loading]="loading()"
                     (selectionChanged)="onSelection($event)" data-testid="payments-grid" />
  `,
  styles: `
    .toolbar { display: flex; flex-wrap: wrap; gap: 8px; margin: 8px 0; min-height: 40px; }
    .grid { display: block; width: 100%; height: 440px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PaymentsTab {
  readonly companies = input.required<CompanyData[]>();
  private readonly orders = inject(OrdersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  readonly rows = signal<PendingRow[]>([]);
  readonly selected = signal<PendingRow | null>(null);
  readonly loading = signal(false);
  readonly failure = signal<FailureText | null>(null);

  readonly options: GridOptions<PendingRow> = {
    ...baseGridOptions<PendingRow>(this.translator),
    getRowId: (p) => `${p.data.companyId}/${p.data.order.id}`,
    rowSelection: { mode: 'singleRow', enableClickSelection: true, checkboxes: false },
    overlayNoRowsTemplate: this.translator.t('operator.noPending'),
  };
  readonly columns: ColDef<PendingRow>[] = (() => {
    const t = this.translator.t.bind(this.translator);
    return [
      { field: 'companyName', headerName: t('operator.orderCompany'), flex: 1, minWidth: 170 },
      { colId: 'number', headerName: t('orders.number'), width: 100, valueGetter: (p) => p.data?.order.number },
      { colId: 'status', headerName: t('orders.status'), width: 150, valueGetter: (p) => (p.data ? t(orderStatusKey(p.data.order.status)) : '') },
      { colId: 'product', headerName: t('lot.product'), width: 100, valueGetter: (p) => p.data?.order.productCode },
      {
        colId: 'amount',
        headerName: t('order.toDeposit'),
        width: 150,
        type: 'rightAligned',
        valueGetter: (p) => p.data?.order.figures.amountToDepositCents ?? 0,
        valueFormatter: (p) => money(p.value),
      },
      { colId: 'createdAt', headerName: t('orders.createdAt'), width: 190, sort: 'asc', valueGetter: (p) => p.data?.order.createdAt, valueFormatter: (p) => dateTime(p.value) },
    ] satisfies ColDef<PendingRow>[];
  })();

  constructor() {
    effect(() => {
      if (this.companies().length > 0) untracked(() => void this.load());
    });
  }

  async load(): Promise<void> {
    const companies = this.companies();
    this.selected.set(null);
    const perCompany = await pageCall({ flag: this.loading, failure: this.failure }, () =>
      Promise.all(
        companies.map(async (c) => {
          const { pending, paid } = await firstValueFrom(
            forkJoin({ pending: this.orders.list(c.id, { status: 'PENDING_PAYMENT' }), paid: this.orders.list(c.id, { status: 'PAID' }) }),
          );
          return [...pending, ...paid.filter((o) => !o.invoiceNumber)].map((order) => ({ companyId: c.id, companyName: c.legalName, order }));
        }),
      ),
    );
    if (perCompany) this.rows.set(perCompany.flat());
  }

  onSelection(event: SelectionChangedEvent<PendingRow>): void {
    this.selected.set(event.api.getSelectedRows()[0] ?? null);
  }

  async record(row: PendingRow, mode: 'payment' | 'invoice'): Promise<void> {
    const { companyId, order } = row;
    const data: OperatorPaymentDialogData = {
      mode,
      number: order.number,
      run: ({ reference, invoiceNumber }) =>
        mode === 'payment' ? this.orders.recordPayment(companyId, order.id, reference, invoiceNumber || undefined) : this.orders.invoice(companyId, order.id, invoiceNumber),
    };
    const done = await firstValueFrom(this.dialog.open(OperatorPaymentDialog, { data, width: '440px', maxWidth: '96vw' }).afterClosed());
    if (!done) return;
    this.snackBar.open(this.translator.t(mode === 'payment' ? 'operator.paymentDone' : 'operator.invoiceDone', { number: order.number }), undefined, { duration: 4000 });
    await this.load();
  }
}
