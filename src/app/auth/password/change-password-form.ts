import { ChangeDetectionStrategy, Component, inject, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Store } from '@ngrx/store';
import { AuthApi } from '../../core/api/auth-api';
import { toApiFailure } from '../../core/api/api-failure';
import { TPipe } from '../../core/i18n/t.pipe';
import { SessionActions } from '../../core/session/session.actions';
import { selectUser } from '../../core/session/session.selectors';
import { PasswordHints } from './password-hints';
import { type PasswordFailureText, passwordFailureText } from './password-failure';
import { NewPasswordFields } from './new-password-fields';
import { newPasswordValidator, passwordsMatch } from './password-rules';

/** Current + new password (twice). Used by the forced change page and by the profile. */
@Component({
  selector: 'app-change-password-form',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule, TPipe, PasswordHints, NewPasswordFields],
  template: `
    <app-password-hints />
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      <mat-form-field class="full-width">
        <mat-label>{{ 'password.current' | t }}</mat-label>
        <input matInput type="password" formControlName="currentPassword" autocomplete="current-password" required />
        <mat-error>{{ 'common.required' | t }}</mat-error>
      </mat-form-field>
      <app-new-password-fields [group]="form" />
      @if (failure(); as f) {
        <p class="form-error" role="alert" data-testid="password-error">{{ f.key ? (f.key | t: f.params) : f.serverText }}</p>
      }
      <button mat-flat-button type="submit" [disabled]="sending()">{{ 'password.submit' | t }}</button>
      @if (sending()) { <mat-progress-bar mode="indeterminate" /> }
    </form>
  `,
  styles: `button[type='submit'] { height: 48px; min-width: 200px; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordForm {
  private readonly api = inject(AuthApi);
  private readonly store = inject(Store);
  private readonly user = this.store.selectSignal(selectUser);
  readonly changed = output<void>();
  readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', [Validators.required]],
      newPassword: ['', [Validators.required, newPasswordValidator(() => this.user()?.userId ?? null)]],
      confirmPassword: ['', [Validators.required]],
    },
    { validators: passwordsMatch },
  );
  readonly sending = signal(false);
  readonly failure = signal<PasswordFailureText | null>(null);

  submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.sending.set(true);
    this.failure.set(null);
    this.api.changePassword(currentPassword, newPassword).subscribe({
      next: (answer) => {
        this.sending.set(false);
        this.store.dispatch(SessionActions.passwordChanged({ answer }));
        this.form.reset();
        this.changed.emit();
      },
      error: (error: unknown) => {
        this.sending.set(false);
        const failure = toApiFailure(error);
        this.failure.set(
          failure.status === 401 || failure.code === 'INVALID_PASSWORD'
            ? { key: 'password.error.current', serverText: null }
            : passwordFailureText(failure),
        );
      },
    });
  }
}
