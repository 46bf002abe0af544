import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { type Observable, firstValueFrom, isObservable } from 'rxjs';
import { toApiFailure } from '../../core/api/api-failure';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';
import type { MessageParams } from '../../core/i18n/translator';
import { type FailureText, actionFailureText } from './failure-text';

export type StepUpExtraField = 'embossLine1' | 'embossLine2' | 'concept';

export interface StepUpValues {
  password: string;
  otp?: string;
  embossLine1?: string;
  embossLine2?: string;
  concept?: string;
}

export interface StepUpDialogData<R> {
  titleKey: MessageKey;
  titleParams?: MessageParams;
  /** A line under the title (what is about to happen). */
  messageKey?: MessageKey;
  messageParams?: MessageParams;
  confirmKey: MessageKey;
  danger?: boolean;
  extraFields?: readonly StepUpExtraField[];
  /** Present when the action needs a one-time code: sends it (POST .../one-time-codes). */
  sendCode?: () => Observable<unknown>;
  /** Does the action; a failure keeps the dialog open with the reason (wrong password, wrong code...). */
  run: (values: StepUpValues) => Observable<R> | Promise<R>;
}

const EXTRA_LABELS: Record<StepUpExtraField, MessageKey> = {
  embossLine1: 'tray.emboss1',
  embossLine2: 'tray.emboss2',
  concept: 'tray.concept',
};
/** Embossing lines are what fits on a plastic; a concept is one line of text. */
const EXTRA_MAX: Record<StepUpExtraField, number> = { embossLine1: 26, embossLine2: 26, concept: 60 };
/** What a plastic can carry: 1–26 of A-Z, 0-9 and space (the server checks the same). */
const EMBOSS = /^[A-Z0-9 ]{1,26}$/;

/**
 * The step-up dialog of every money- or lot-changing action: password again (PRODUCT.md), plus the
 * one-time code for service orders and the confirmation's extra fields. Closes with the action's
 * result, or undefined when cancelled.
 */
@Component({
  selector: 'app-step-up-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, ReactiveFormsModule, TPipe],
  template: `
    <h2 mat-dialog-title>{{ data.titleKey | t: data.titleParams }}</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-dialog-content class="content">
        @if (data.messageKey) {
          <p>{{ data.messageKey | t: data.messageParams }}</p>
        }
        @for (field of extras; track field) {
          <mat-form-field class="full-width">
            <mat-label>{{ extraLabels[field] | t }}</mat-label>
            <input matInput [formControl]="extraControl(field)" [attr.maxlength]="extraMax[field]"
                   [class.upper]="field !== 'concept'" (blur)="normalize(field)"
                   [attr.data-testid]="'step-up-' + field" />
            <mat-hint align="end">{{ extraControl(field).value.length }} / {{ extraMax[field] }}</mat-hint>
            @if (extraControl(field).hasError('required')) {
              <mat-error>{{ 'common.required' | t }}</mat-error>
            } @else if (extraControl(field).hasError('pattern')) {
              <mat-error>{{ 'tray.embossFormat' | t }}</mat-error>
            }
          </mat-form-field>
        }
        <p class="form-info">{{ 'stepUp.intro' | t }}</p>
        <mat-form-field class="full-width">
          <mat-label>{{ 'stepUp.password' | t }}</mat-label>
          <input matInput type="password" formControlName="password" autocomplete="current-password"
                 data-testid="step-up-password" cdkFocusInitial />
          @if (form.controls.password.hasError('required')) {
            <mat-error>{{ 'common.required' | t }}</mat-error>
          }
        </mat-form-field>
        @if (data.sendCode) {
          <p class="form-info">{{ 'stepUp.otpIntro' | t }}</p>
          <div class="otp-row">
            <button mat-stroked-button type="button" (click)="sendCode()" [disabled]="sending()"
                    data-testid="step-up-send-code">
              {{ (codeSent() ? 'stepUp.resendCode' : 'stepUp.sendCode') | t }}
            </button>
            @if (codeSent()) {
              <mat-form-field class="otp">
                <mat-label>{{ 'stepUp.otp' | t }}</mat-label>
                <input matInput formControlName="otp" inputmode="numeric" autocomplete="one-time-code"
                       maxlength="6" data-testid="step-up-otp" />
                @if (form.controls.otp.invalid) {
                  <mat-error>{{ 'stepUp.otpFormat' | t }}</mat-error>
                }
              </mat-form-field>
            }
          </div>
          @if (codeSent()) {
            <p class="form-info" role="status">{{ 'stepUp.codeSent' | t }}</p>
          }
        }
        @if (busy()) {
          <mat-progress-bar mode="indeterminate" />
        }
        @if (failure(); as f) {
          <p class="form-error" role="alert" data-testid="step-up-error">{{ f.key ? (f.key | t) : f.serverText }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" [mat-dialog-close]="undefined" [disabled]="busy()">{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="busy() || (data.sendCode && !codeSent())"
                [class.danger]="data.danger" data-testid="step-up-submit">
          {{ data.confirmKey | t }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .content { min-width: min(420px, 80vw); }
    .upper { text-transform: uppercase; }
    .otp-row { display: flex; flex-wrap: wrap; align-items: baseline; gap: 12px; }
    .otp { flex: 1 1 160px; }
    .danger { --mat-button-filled-container-color: var(--mat-sys-error); --mat-button-filled-label-text-color: var(--mat-sys-on-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StepUpDialog<R = unknown> {
  readonly data = inject<StepUpDialogData<R>>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<StepUpDialog<R>, R>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly extras = this.data.extraFields ?? [];
  readonly extraLabels = EXTRA_LABELS;
  readonly extraMax = EXTRA_MAX;
  readonly form = this.fb.group({
    password: ['', Validators.required],
    otp: ['', this.data.sendCode ? [Validators.required, Validators.pattern(/^\d{6}$/)] : []],
    embossLine1: ['', this.extras.includes('embossLine1') ? [Validators.required, Validators.pattern(EMBOSS)] : []],
    embossLine2: ['', this.extras.includes('embossLine2') ? [Validators.required, Validators.pattern(EMBOSS)] : []],
    concept: ['', this.extras.includes('concept') ? [Validators.required, Validators.maxLength(60)] : []],
  });
  readonly busy = signal(false);
  readonly sending = signal(false);
  readonly codeSent = signal(false);
  readonly failure = signal<FailureText | null>(null);

  extraControl(field: StepUpExtraField): FormControl<string> {
    return this.form.controls[field];
  }

  /** Embossing lines are upper case on the plastic: typed lower case, sent upper case. */
  normalize(field: StepUpExtraField): void {
    if (field === 'concept') return;
    const control = this.extraControl(field);
    const upper = control.value.toUpperCase();
    if (upper !== control.value) control.setValue(upper);
  }

  async sendCode(): Promise<void> {
    if (!this.data.sendCode) return;
    this.sending.set(true);
    this.failure.set(null);
    try {
      await firstValueFrom(this.data.sendCode());
      this.codeSent.set(true);
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
    } finally {
      this.sending.set(false);
    }
  }

  async submit(): Promise<void> {
    if (this.busy()) return;
    for (const field of this.extras) this.normalize(field);
    this.form.markAllAsTouched();
    if (this.form.invalid) return;
    const raw = this.form.getRawValue();
    const values: StepUpValues = { password: raw.password };
    if (this.data.sendCode) values.otp = raw.otp;
    for (const field of this.extras) {
      const value = raw[field].trim();
      if (value) values[field] = value;
    }
    this.busy.set(true);
    this.failure.set(null);
    this.ref.disableClose = true;
    try {
      const outcome = this.data.run(values);
      const result = isObservable(outcome) ? await firstValueFrom(outcome) : await outcome;
      this.ref.close(result);
    } catch (error) {
      const failure = toApiFailure(error);
      this.failure.set(actionFailureText(failure));
      if (failure.code === 'INVALID_PASSWORD') this.form.controls.password.reset();
    } finally {
      this.busy.set(false);
      this.ref.disableClose = false;
    }
  }
}
