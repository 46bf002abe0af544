import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { Observable } from 'rxjs';
import type { OrderAnswer } from '../../../domain/orders/order.model';
import { pageCall } from '../../core/api/page-call';
import { TPipe } from '../../core/i18n/t.pipe';
import type { FailureText } from '../../lots/ui/failure-text';

export interface OperatorPaymentDialogData {
  /** `payment`: the money arrived outside the portal (reference, optional invoice); `invoice`: invoice only. */
  mode: 'payment' | 'invoice';
  number: number;
  run: (values: { reference: string; invoiceNumber: string }) => Observable<OrderAnswer>;
}

/** The operator records what happened outside the portal: a payment received, an invoice issued. */
@Component({
  selector: 'app-operator-payment-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule, TPipe],
  template: `
    <h2 mat-dialog-title>{{ (data.mode === 'payment' ? 'orders.recordPaymentTitle' : 'orders.recordInvoiceTitle') | t: { number: data.number } }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content>
        @if (data.mode === 'payment') {
          <mat-form-field class="full-width">
            <mat-label>{{ 'orders.paymentReference' | t }}</mat-label>
            <input matInput formControlName="reference" maxlength="60" data-testid="payment-reference" cdkFocusInitial />
            <mat-error>{{ 'common.required' | t }}</mat-error>
          </mat-form-field>
        }
        <mat-form-field class="full-width">
          <mat-label>{{ 'orders.invoiceNumber' | t }}</mat-label>
          <input matInput formControlName="invoiceNumber" maxlength="40" data-testid="invoice-number" />
          <mat-error>{{ 'common.required' | t }}</mat-error>
        </mat-form-field>
        @if (failure(); as f) {
          <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="sending()" data-testid="operator-submit">
          {{ (data.mode === 'payment' ? 'orders.recordPayment' : 'orders.recordInvoice') | t }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `.full-width { width: 100%; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OperatorPaymentDialog {
  readonly data = inject<OperatorPaymentDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<OperatorPaymentDialog, OrderAnswer>);
  readonly sending = signal(false);
  readonly failure = signal<FailureText | null>(null);
  readonly form = inject(NonNullableFormBuilder).group({
    reference: ['', this.data.mode === 'payment' ? [Validators.required, Validators.maxLength(60)] : []],
    // an invoice is optional with a payment, and the whole point of the invoice mode
    invoiceNumber: ['', this.data.mode === 'invoice' ? [Validators.required, Validators.maxLength(40)] : [Validators.maxLength(40)]],
  });

  async submit(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { reference, invoiceNumber } = this.form.getRawValue();
    const answer = await pageCall({ flag: this.sending, failure: this.failure }, () =>
      this.data.run({ reference: reference.trim(), invoiceNumber: invoiceNumber.trim() }),
    );
    if (answer) this.ref.close(answer);
  }
}
