import { ChangeDetectionStrategy, Component, type OnDestroy, computed, effect, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { FlashMessage } from '../../core/flash/flash-message';
import { TPipe } from '../../core/i18n/t.pipe';
import { SessionActions } from '../../core/session/session.actions';
import { selectLogin, selectSignOutReason } from '../../core/session/session.selectors';
import { AuthCard } from '../layout/auth-card';
import { loginErrorKey, signOutNoticeKey } from './login-messages';

@Component({
  selector: 'app-login-page',
  imports: [
    ReactiveFormsModule,
    MatFormFieldModule,
    MatInputModule,
    MatButtonModule,
    MatProgressBarModule,
    RouterLink,
    TPipe,
    AuthCard,
  ],
  templateUrl: './login.page.html',
  styles: `
    form { display: flex; flex-direction: column; gap: 4px; }
    .links { margin-top: 16px; text-align: center; }
    button[type='submit'] { margin-top: 8px; height: 48px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class LoginPage implements OnDestroy {
  private readonly store = inject(Store);
  private readonly flashKey = inject(FlashMessage).take();
  readonly login = this.store.selectSignal(selectLogin);
  private readonly reason = this.store.selectSignal(selectSignOutReason);

  readonly form = inject(NonNullableFormBuilder).group({
    userId: ['', [Validators.required]],
    password: ['', [Validators.required]],
    deviceCode: [''],
  });

  readonly errorKey = computed(() => loginErrorKey(this.login().failure, this.login().deviceCodeRequired));
  readonly noticeKey = computed(() => signOutNoticeKey(this.reason()) ?? this.flashKey);

  constructor() {
    effect(() => {
      const code = this.form.controls.deviceCode;
      code.setValidators(this.login().deviceCodeRequired ? [Validators.required, Validators.pattern(/^\d{6}$/)] : []);
      code.updateValueAndValidity();
    });
  }

  submit(): void {
    if (this.login().pending) return;
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { userId, password, deviceCode } = this.form.getRawValue();
    this.store.dispatch(
      SessionActions.loginRequested({
        userId: userId.trim(),
        password,
        ...(this.login().deviceCodeRequired ? { deviceCode: deviceCode.trim() } : {}),
      }),
    );
  }

  ngOnDestroy(): void {
    this.store.dispatch(SessionActions.loginFormReset());
  }
}
