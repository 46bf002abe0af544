import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { type ReassignHolder, ReassignHolderSchema } from '../../../domain/cards/card-reassign';
import { TPipe } from '../../core/i18n/t.pipe';
import { money } from '../../lots/ui/format';
import type { TransferCardRow } from '../data/transfers-api';

export interface ReassignDialogData {
  card: TransferCardRow;
}

type Field = 'idType' | 'idNumber' | 'firstName' | 'lastName' | 'email' | 'phone';

/**
 * The new holder of a card being reassigned (master transfer). Checked with the same schema the
 * server parses (src/domain/cards/card-reassign.ts); says plainly that the balance stays on the card.
 * Closes with the holder; the password step-up comes next (StepUpDialog).
 */
@Component({
  selector: 'app-reassign-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule, TPipe],
  template: `
    <h2 mat-dialog-title>{{ 'reassign.title' | t }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="content">
        <p data-testid="reassign-card">{{ 'reassign.card' | t: { card: data.card.maskedPan, holder: data.card.holderName, id: data.card.holderId } }}</p>
        <p class="form-info balance" data-testid="reassign-balance">{{ 'reassign.balanceKept' | t: { amount: money(data.card.balanceCents) } }}</p>
        <div class="row">
          <mat-form-field class="id-type">
            <mat-label>{{ 'reassign.idType' | t }}</mat-label>
            <mat-select formControlName="idType" data-testid="reassign-idType">
              <mat-option value="V">V</mat-option>
              <mat-option value="E">E</mat-option>
              <mat-option value="P">P</mat-option>
            </mat-select>
          </mat-form-field>
          <mat-form-field class="grow">
            <mat-label>{{ 'reassign.idNumber' | t }}</mat-label>
            <input matInput formControlName="idNumber" autocomplete="off" data-testid="reassign-idNumber" cdkFocusInitial />
            @if (errors()['idNumber']; as e) { <mat-error>{{ e }}</mat-error> }
          </mat-form-field>
        </div>
        <mat-form-field class="full">
          <mat-label>{{ 'reassign.firstName' | t }}</mat-label>
          <input matInput formControlName="firstName" autocomplete="off" maxlength="30" data-testid="reassign-firstName" />
          @if (errors()['firstName']; as e) { <mat-error>{{ e }}</mat-error> }
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>{{ 'reassign.lastName' | t }}</mat-label>
          <input matInput formControlName="lastName" autocomplete="off" maxlength="30" data-testid="reassign-lastName" />
          @if (errors()['lastName']; as e) { <mat-error>{{ e }}</mat-error> }
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>{{ 'reassign.email' | t }}</mat-label>
          <input matInput type="email" formControlName="email" autocomplete="off" maxlength="60" data-testid="reassign-email" />
          @if (errors()['email']; as e) { <mat-error>{{ e }}</mat-error> }
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>{{ 'reassign.phone' | t }}</mat-label>
          <input matInput formControlName="phone" autocomplete="off" inputmode="tel" maxlength="16" data-testid="reassign-phone" />
          @if (errors()['phone']; as e) { <mat-error>{{ e }}</mat-error> }
        </mat-form-field>
        <p class="form-info">{{ 'reassign.pointers' | t }}</p>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="undefined">{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" data-testid="reassign-next">{{ 'reassign.next' | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .content { min-width: min(420px, 80vw); }
    .row { display: flex; gap: 8px; }
    .id-type { flex: 0 0 84px; }
    .grow { flex: 1 1 auto; }
    .full { width: 100%; }
    .balance { font-weight: 500; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReassignDialog {
  readonly data = inject<ReassignDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<ReassignDialog, ReassignHolder>>(MatDialogRef);
  readonly money = money;
  readonly form = inject(NonNullableFormBuilder).group({
    idType: 'V' as 'V' | 'E' | 'P',
    idNumber: '',
    firstName: '',
    lastName: '',
    email: '',
    phone: '',
  });
  /** the schema's Spanish message per field, after a submit */
  readonly errors = signal<Partial<Record<Field, string>>>({});

  submit(): void {
    const raw = this.form.getRawValue();
    const parsed = ReassignHolderSchema.safeParse({
      idType: raw.idType,
      idNumber: raw.idNumber,
      firstName: raw.firstName,
      lastName: raw.lastName,
      ...(raw.email.trim() ? { email: raw.email.trim() } : {}),
      ...(raw.phone.trim() ? { phone: raw.phone.trim() } : {}),
    });
    if (parsed.success) {
      this.ref.close(parsed.data);
      return;
    }
    const errors: Partial<Record<Field, string>> = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0] as Field;
      errors[field] ??= issue.message;
    }
    this.errors.set(errors);
    // show the messages under the fields (mat-error needs the control invalid and touched)
    for (const [field, message] of Object.entries(errors) as Array<[Field, string]>) {
      const control = this.form.controls[field];
      control.setErrors({ schema: message });
      control.markAsTouched();
    }
  }
}
