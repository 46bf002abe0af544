import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatChipsModule } from '@angular/material/chips';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import { ChangePasswordForm } from '../auth/password/change-password-form';
import { selectSelectedCompany } from '../core/context/context.selectors';
import { permissionKey, productKindKey, roleKey } from '../core/i18n/domain-keys';
import { TPipe } from '../core/i18n/t.pipe';
import { Translator } from '../core/i18n/translator';
import { selectUser } from '../core/session/session.selectors';

/** The user's own data, companies with their products and permissions, and the password change. */
@Component({
  selector: 'app-profile-page',
  imports: [MatCardModule, MatChipsModule, TPipe, ChangePasswordForm],
  templateUrl: './profile.page.html',
  styleUrl: './profile.page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class ProfilePage {
  private readonly store = inject(Store);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  readonly user = this.store.selectSignal(selectUser);
  readonly selected = this.store.selectSignal(selectSelectedCompany);
  readonly permissionKey = permissionKey;
  readonly productKindKey = productKindKey;
  readonly roleKey = roleKey;

  passwordChanged(): void {
    this.snackBar.open(this.translator.t('password.changed'), undefined, { duration: 4000 });
  }
}
