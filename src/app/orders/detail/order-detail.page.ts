import { ChangeDetectionStrategy, Component, type OnInit, computed, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatSnackBar } from '@angular/material/snack-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { firstValueFrom } from 'rxjs';
import type { OrderAnswer } from '../../../domain/orders/order.model';
import { hasPermission } from '../../../domain/permissions';
import { toApiFailure } from '../../core/api/api-failure';
import { pageCall } from '../../core/api/page-call';
import { selectGrantedPermissions, selectSelectedCompany } from '../../core/context/context.selectors';
import { selectRole } from '../../core/session/session.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { selectOnline } from '../../core/status/status.reducer';
import { type FailureText, actionFailureText } from '../../lots/ui/failure-text';
import { dateTime, money } from '../../lots/ui/format';
import { lotTypeKey, orderStatusKey } from '../../lots/ui/labels';
import { FileSaver, fileNameFromDisposition } from '../../lots/ui/save-file';
import { StepUpDialog, type StepUpDialogData } from '../../lots/ui/step-up-dialog';
import { OrdersApi } from '../data/orders-api';
import { OrderFiguresView } from '../ui/order-figures';
import { OperatorPaymentDialog, type OperatorPaymentDialogData } from './operator-payment-dialog';
import { type OrderLineRow, OrderLinesGrid } from '../ui/order-lines-grid';

/**
 * One service order: figures, lots, invoice; PDF, void (orders.cancel) and pay (orders.pay); the
 * operator records a payment received outside the portal and the invoice.
 */
@Component({
  selector: 'app-order-detail-page',
  imports: [MatButtonModule, MatCardModule, MatIconModule, RouterLink, TPipe, OrderFiguresView, OrderLinesGrid],
  templateUrl: './order-detail.page.html',
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); flex-wrap: wrap; }
    .subtitle { font: var(--mat-sys-title-medium); margin: 16px 0 8px; }
    .toolbar { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
    .cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 12px; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
    .facts dt { color: var(--mat-sys-on-surface-variant); }
    .facts dd { margin: 0; }
    .chip { border-radius: 8px; padding: 2px 10px; font: var(--mat-sys-label-large); background: var(--mat-sys-secondary-container); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class OrderDetailPage implements OnInit {
  private readonly store = inject(Store);
  private readonly files = inject(FileSaver);
  private readonly api = inject(OrdersApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  /** Route parameter (withComponentInputBinding). */
  readonly orderId = input.required<string>();

  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly online = this.store.selectSignal(selectOnline);
  private readonly permissions = this.store.selectSignal(selectGrantedPermissions);
  private readonly role = this.store.selectSignal(selectRole);
  readonly money = money;
  readonly dateTime = dateTime;
  readonly statusKey = orderStatusKey;
  readonly lotTypeKey = lotTypeKey;

  readonly order = signal<OrderAnswer | null>(null);
  readonly failure = signal<FailureText | null>(null);
  readonly downloading = signal(false);

  readonly lines = computed<OrderLineRow[]>(() => this.order()?.lots.map((line) => ({ ...line, group: '' })) ?? []);
  readonly canVoid = computed(() => {
    const order = this.order();
    return !!order && order.status === 'PENDING_PAYMENT' && !order.invoiceNumber && hasPermission(this.permissions(), 'orders.cancel');
  });
  readonly canPay = computed(() => {
    const order = this.order();
    return !!order && order.status === 'PENDING_PAYMENT' && !order.paymentInProgress && hasPermission(this.permissions(), 'orders.pay');
  });

  readonly canRecordPayment = computed(() => this.role() === 'operator' && this.order()?.status === 'PENDING_PAYMENT' && !this.order()?.paymentInProgress);
  readonly canInvoice = computed(() => this.role() === 'operator' && this.order()?.status === 'PAID' && !this.order()?.invoiceNumber);

  ngOnInit(): void {
    void this.load();
  }

  async load(): Promise<void> {
    const company = this.company();
    if (!company) return;
    const order = await pageCall({ failure: this.failure }, () => this.api.get(company.id, this.orderId()));
    if (order) this.order.set(order);
  }

  async downloadPdf(): Promise<void> {
    const company = this.company();
    const order = this.order();
    if (!company || !order) return;
    const response = await pageCall({ flag: this.downloading, failure: this.failure }, () => this.api.pdf(company.id, order.id));
    if (!response) return;
    const name = fileNameFromDisposition(response.headers.get('Content-Disposition')) ?? this.translator.t('orders.pdfFile', { number: order.number });
    if (response.body) this.files.save(response.body, name);
  }

  async voidOrder(): Promise<void> {
    const company = this.company();
    const order = this.order();
    if (!company || !order || !this.canVoid()) return;
    const data: StepUpDialogData<OrderAnswer> = {
      titleKey: 'orders.voidTitle',
      titleParams: { number: order.number },
      messageKey: 'orders.voidMessage',
      confirmKey: 'orders.void',
      danger: true,
      run: (values) => this.api.voidOrder(company.id, order.id, values.password),
    };
    await this.act(data, 'orders.voided');
  }

  async pay(): Promise<void> {
    const company = this.company();
    const order = this.order();
    if (!company || !order || !this.canPay()) return;
    const data: StepUpDialogData<OrderAnswer> = {
      titleKey: 'orders.payTitle',
      titleParams: { number: order.number },
      messageKey: 'orders.payMessage',
      messageParams: { amount: money(order.figures.amountToDepositCents), product: order.productCode },
      confirmKey: 'orders.pay',
      sendCode: () => this.api.sendCode(company.id, 'order.pay'),
      run: (values) => this.api.pay(company.id, order.id, values.password, values.otp ?? ''),
    };
    await this.act(data, 'orders.paid');
  }

  async recordPayment(): Promise<void> {
    await this.operatorAct('payment', (company, order, v) => this.api.recordPayment(company, order, v.reference, v.invoiceNumber || undefined), 'orders.paymentRecorded');
  }

  async recordInvoice(): Promise<void> {
    await this.operatorAct('invoice', (company, order, v) => this.api.invoice(company, order, v.invoiceNumber), 'orders.invoiced');
  }

  private async operatorAct(
    mode: OperatorPaymentDialogData['mode'],
    call: (companyId: string, orderId: string, values: { reference: string; invoiceNumber: string }) => ReturnType<OperatorPaymentDialogData['run']>,
    doneKey: 'orders.paymentRecorded' | 'orders.invoiced',
  ): Promise<void> {
    const company = this.company();
    const order = this.order();
    if (!company || !order) return;
    const data: OperatorPaymentDialogData = { mode, number: order.number, run: (values) => call(company.id, order.id, values) };
    const result = await firstValueFrom(this.dialog.open(OperatorPaymentDialog, { data }).afterClosed());
    if (result === undefined) return;
    this.snackBar.open(this.translator.t(doneKey, { number: order.number }), undefined, { duration: 5000 });
    await this.load();
  }

  private async act(data: StepUpDialogData<OrderAnswer>, doneKey: 'orders.voided' | 'orders.paid'): Promise<void> {
    const result = await firstValueFrom(
      this.dialog.open<StepUpDialog<OrderAnswer>, StepUpDialogData<OrderAnswer>, OrderAnswer>(StepUpDialog, { data }).afterClosed(),
    );
    if (result === undefined) return;
    this.snackBar.open(this.translator.t(doneKey, { number: this.order()?.number ?? '' }), undefined, { duration: 5000 });
    await this.load();
  }
}
