import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { AuthApi } from '../../core/api/auth-api';
import { toApiFailure } from '../../core/api/api-failure';
import { FlashMessage } from '../../core/flash/flash-message';
import { TPipe } from '../../core/i18n/t.pipe';
import { AuthCard } from '../layout/auth-card';
import { PasswordHints } from '../password/password-hints';
import { type PasswordFailureText, passwordFailureText } from '../password/password-failure';
import { LENGTH_PARAMS, newPasswordErrorKey, newPasswordValidator, passwordsMatch } from '../password/password-rules';

/** `/restablecer?token=…` from the recovery e-mail: set a new password, then sign in. */
@Component({
  selector: 'app-reset-page',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule, RouterLink, TPipe, AuthCard, PasswordHints],
  template: `
    <app-auth-card titleKey="reset.title">
      @if (!token() || invalidToken()) {
        <p class="form-error" role="alert" data-testid="reset-invalid">{{ 'reset.error.invalidToken' | t }}</p>
        <p class="links"><a routerLink="/recuperar">{{ 'reset.requestNew' | t }}</a></p>
      } @else {
        <app-password-hints [withUserId]="false" />
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <mat-form-field class="full-width">
            <mat-label>{{ 'password.new' | t }}</mat-label>
            <input matInput type="password" formControlName="newPassword" autocomplete="new-password" required />
            <mat-error>{{ newPasswordErrorKey(form.controls.newPassword.errors) ?? 'common.required' | t: lengthParams }}</mat-error>
          </mat-form-field>
          <mat-form-field class="full-width">
            <mat-label>{{ 'password.confirm' | t }}</mat-label>
            <input matInput type="password" formControlName="confirmPassword" autocomplete="new-password" required />
            <mat-error>{{ 'common.required' | t }}</mat-error>
          </mat-form-field>
          @if (form.hasError('passwordMismatch') && form.controls.confirmPassword.touched) {
            <p class="form-error" role="alert">{{ 'password.error.mismatch' | t }}</p>
          }
          @if (failure(); as f) {
            <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
          }
          <button mat-flat-button type="submit" class="full-width" [disabled]="sending()">{{ 'reset.submit' | t }}</button>
          @if (sending()) { <mat-progress-bar mode="indeterminate" /> }
        </form>
      }
    </app-auth-card>
  `,
  styles: `.links { margin-top: 16px; text-align: center; } button[type='submit'] { height: 48px; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class ResetPage {
  private readonly api = inject(AuthApi);
  private readonly router = inject(Router);
  private readonly flash = inject(FlashMessage);
  /** Bound from the `token` query parameter. */
  readonly token = input<string>();
  readonly form = inject(NonNullableFormBuilder).group(
    {
      newPassword: ['', [Validators.required, newPasswordValidator(() => null)]],
      confirmPassword: ['', [Validators.required]],
    },
    { validators: passwordsMatch },
  );
  readonly sending = signal(false);
  readonly invalidToken = signal(false);
  readonly failure = signal<PasswordFailureText | null>(null);
  readonly newPasswordErrorKey = newPasswordErrorKey;
  readonly lengthParams = LENGTH_PARAMS;

  submit(): void {
    const token = this.token();
    if (!token) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.sending.set(true);
    this.failure.set(null);
    this.api.reset(token, this.form.getRawValue().newPassword).subscribe({
      next: () => {
        this.flash.set('login.notice.passwordReset');
        void this.router.navigateByUrl('/ingresar');
      },
      error: (error: unknown) => {
        this.sending.set(false);
        const failure = toApiFailure(error);
        if (failure.code === 'INVALID_TOKEN') this.invalidToken.set(true);
        else this.failure.set(passwordFailureText(failure));
      },
    });
  }
}
