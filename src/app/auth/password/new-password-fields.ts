import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { type FormGroup, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { TPipe } from '../../core/i18n/t.pipe';
import { LENGTH_PARAMS, newPasswordErrorKey } from './password-rules';

/**
 * The new password, twice, with the policy error and the mismatch message: shared by the password
 * change (profile, forced change) and the reset from the recovery e-mail. `group` is the caller's form
 * group holding `newPassword` and `confirmPassword`, validated with `newPasswordValidator` and
 * `passwordsMatch` (password-rules.ts).
 */
@Component({
  selector: 'app-new-password-fields',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, TPipe],
  template: `
    <ng-container [formGroup]="group()">
      <mat-form-field class="full-width">
        <mat-label>{{ 'password.new' | t }}</mat-label>
        <input matInput type="password" formControlName="newPassword" autocomplete="new-password" required />
        <mat-error>{{ newPasswordErrorKey(group().controls['newPassword'].errors) ?? 'common.required' | t: lengthParams }}</mat-error>
      </mat-form-field>
      <mat-form-field class="full-width">
        <mat-label>{{ 'password.confirm' | t }}</mat-label>
        <input matInput type="password" formControlName="confirmPassword" autocomplete="new-password" required />
        <mat-error>{{ 'common.required' | t }}</mat-error>
      </mat-form-field>
      @if (group().hasError('passwordMismatch') && group().controls['confirmPassword'].touched) {
        <p class="form-error" role="alert">{{ 'password.error.mismatch' | t }}</p>
      }
    </ng-container>
  `,
  styles: `:host { display: block; } .full-width { width: 100%; }`,
  changeDetection: ChangeDetectionStrategy.Default,
})
export class NewPasswordFields {
  readonly group = input.required<FormGroup>();
  readonly newPasswordErrorKey = newPasswordErrorKey;
  readonly lengthParams = LENGTH_PARAMS;
}
