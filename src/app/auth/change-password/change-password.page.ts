import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { Router, RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { TPipe } from '../../core/i18n/t.pipe';
import { SessionActions } from '../../core/session/session.actions';
import { selectMustChangePassword } from '../../core/session/session.selectors';
import { AuthCard } from '../layout/auth-card';
import { ChangePasswordForm } from '../password/change-password-form';

/** `/cambiar-clave`: forced after sign-in when the server says so (nothing else opens), or chosen from the profile. */
@Component({
  selector: 'app-change-password-page',
  imports: [MatButtonModule, RouterLink, TPipe, AuthCard, ChangePasswordForm],
  template: `
    <app-auth-card titleKey="changePassword.title">
      @if (forced()) {
        <p class="form-info" role="status">{{ 'changePassword.forced' | t }}</p>
      }
      <app-change-password-form (changed)="done()" />
      <p class="links">
        @if (forced()) {
          <button mat-button type="button" (click)="signOut()">{{ 'changePassword.signOut' | t }}</button>
        } @else {
          <a mat-button routerLink="/perfil">{{ 'common.back' | t }}</a>
        }
      </p>
    </app-auth-card>
  `,
  styles: `.links { margin-top: 16px; text-align: center; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class ChangePasswordPage {
  private readonly store = inject(Store);
  private readonly router = inject(Router);
  readonly forced = this.store.selectSignal(selectMustChangePassword);

  done(): void {
    void this.router.navigateByUrl('/');
  }

  signOut(): void {
    this.store.dispatch(SessionActions.signOutRequested());
  }
}
