import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router, RouterLink } from '@angular/router';
import { AuthApi } from '../../core/api/auth-api';
import { toApiFailure } from '../../core/api/api-failure';
import { FlashMessage } from '../../core/flash/flash-message';
import { TPipe } from '../../core/i18n/t.pipe';
import { AuthCard } from '../layout/auth-card';
import { PasswordHints } from '../password/password-hints';
import { type PasswordFailureText, passwordFailureText } from '../password/password-failure';
import { NewPasswordFields } from '../password/new-password-fields';
import { newPasswordValidator, passwordsMatch } from '../password/password-rules';

/** `/restablecer?token=…` from the recovery e-mail: set a new password, then sign in. */
@Component({
  selector: 'app-reset-page',
  imports: [ReactiveFormsModule, MatButtonModule, MatProgressBarModule, RouterLink, TPipe, AuthCard, PasswordHints, NewPasswordFields],
  template: `
    <app-auth-card titleKey="reset.title">
      @if (!token() || invalidToken()) {
        <p class="form-error" role="alert" data-testid="reset-invalid">{{ 'reset.error.invalidToken' | t }}</p>
        <p class="links"><a routerLink="/recuperar">{{ 'reset.requestNew' | t }}</a></p>
      } @else {
        <app-password-hints [withUserId]="false" />
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <app-new-password-fields [group]="form" />
          @if (failure(); as f) {
            <p class="form-error" role="alert">{{ f.key ? (f.key | t: f.params) : f.serverText }}</p>
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
