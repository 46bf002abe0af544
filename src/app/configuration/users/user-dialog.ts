import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSnackBar } from '@angular/material/snack-bar';
import { firstValueFrom, type Observable } from 'rxjs';
import { PERMISSIONS, type Permission } from '../../../domain/permissions';
import { toApiFailure } from '../../core/api/api-failure';
import { permissionKey } from '../../core/i18n/domain-keys';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import { type FailureText, actionFailureText } from '../../lots/ui/failure-text';
import { ConfigApi, type CompanyUser } from '../data/config-api';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { OneTimePasswordDialog } from './one-time-password-dialog';

export const userStatusKey = (status: CompanyUser['status']): MessageKey => `users.status.${status}`;

/** Form control names cannot hold a dot: lots.upload → lots_upload. */
export const permissionControlName = (p: Permission) => p.replace('.', '_');

export interface UserDialogData {
  companyId: string;
  companyName: string;
  /** absent: a new user */
  user?: CompanyUser;
  /** what the signed-in manager holds in this company: the only permissions they may change */
  held: readonly Permission[];
  /** the manager's own user id */
  self: string;
}

/** What the dialog did, for the list to refresh: the created user's one-time password is shown by the caller. */
export type UserDialogResult = { created: CompanyUser; temporaryPassword: string } | { changed: true };

/** A company user: create, or edit name, e-mail and permissions, and the account actions. */
@Component({
  selector: 'app-user-dialog',
  imports: [MatDialogModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, ReactiveFormsModule, TPipe],
  template: `
    <h2 mat-dialog-title>{{ data.user ? ('users.edit' | t: { userId: data.user.userId }) : ('users.new' | t) }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        @if (!data.user) {
          <mat-form-field class="full">
            <mat-label>{{ 'users.userId' | t }}</mat-label>
            <input matInput formControlName="userId" autocomplete="off" autocapitalize="none" data-testid="user-id" cdkFocusInitial />
            <mat-hint>{{ 'users.userIdHint' | t }}</mat-hint>
            <mat-error>{{ 'users.userIdHint' | t }}</mat-error>
          </mat-form-field>
        } @else {
          <p class="state">
            {{ statusKey(data.user.status) | t }}
            @if (data.user.locked) { · {{ 'users.locked' | t }} }
            @if (data.user.mustChangePassword) { · {{ 'users.mustChange' | t }} }
          </p>
        }
        <mat-form-field class="full">
          <mat-label>{{ 'users.name' | t }}</mat-label>
          <input matInput formControlName="name" maxlength="120" data-testid="user-name" />
          <mat-error>{{ 'common.required' | t }}</mat-error>
        </mat-form-field>
        <mat-form-field class="full">
          <mat-label>{{ 'users.email' | t }}</mat-label>
          <input matInput type="email" formControlName="email" maxlength="254" data-testid="user-email" />
          <mat-error>{{ 'common.email.invalid' | t }}</mat-error>
        </mat-form-field>

        <h3 class="perm-title">{{ 'users.permissions' | t: { company: data.companyName } }}</h3>
        @if (isSelf) {
          <p class="form-info">{{ 'users.ownPermissions' | t }}</p>
        } @else if (data.held.length < allPermissions.length) {
          <p class="form-info">{{ 'users.notHeld' | t }}</p>
        }
        <div class="perms" formGroupName="permissions">
          @for (p of allPermissions; track p) {
            <mat-checkbox [formControlName]="controlName(p)" [attr.data-testid]="'perm-' + p">{{ permissionKey(p) | t }}</mat-checkbox>
          }
        </div>

        @if (data.user && !isSelf) {
          @if (data.user.otherCompanies > 0) {
            <p class="form-info">{{ 'users.otherCompanies' | t: { count: data.user.otherCompanies } }}</p>
          }
          <div class="account-actions">
            @if (data.user.status === 'active') {
              <button mat-stroked-button type="button" (click)="block(true)" [disabled]="sending()" data-testid="user-block">
                <mat-icon>block</mat-icon> {{ 'users.block' | t }}
              </button>
            } @else {
              <button mat-stroked-button type="button" (click)="block(false)" [disabled]="sending()" data-testid="user-unblock">
                <mat-icon>check_circle</mat-icon> {{ 'users.unblock' | t }}
              </button>
            }
            @if (data.user.locked) {
              <button mat-stroked-button type="button" (click)="unlock()" [disabled]="sending()" data-testid="user-unlock">
                <mat-icon>lock_open</mat-icon> {{ 'users.unlock' | t }}
              </button>
            }
            <button mat-stroked-button type="button" (click)="resetPassword()" [disabled]="sending()" data-testid="user-reset">
              <mat-icon>password</mat-icon> {{ 'users.resetPassword' | t }}
            </button>
          </div>
        }
        @if (failure(); as f) {
          <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" (click)="close()">{{ 'common.close' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="sending()" data-testid="user-save">
          {{ (data.user ? 'users.save' : 'users.create') | t }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .full { width: 100%; }
    .state { margin: 0 0 12px; color: var(--mat-sys-on-surface-variant); }
    .perm-title { font: var(--mat-sys-title-small); margin: 8px 0 4px; }
    .perms { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); }
    .account-actions { display: flex; flex-wrap: wrap; gap: 8px; margin-top: 12px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserDialog {
  readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<UserDialog, UserDialogResult>);
  private readonly api = inject(ConfigApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  private readonly fb = inject(NonNullableFormBuilder);
  readonly allPermissions = PERMISSIONS;
  readonly permissionKey = permissionKey;
  readonly statusKey = userStatusKey;
  readonly controlName = permissionControlName;
  readonly isSelf = this.data.user?.userId === this.data.self;
  readonly sending = signal(false);
  readonly failure = signal<FailureText | null>(null);
  /** something changed on the server: the list must reload whatever way the dialog closes */
  private changed = false;

  readonly form = this.fb.group({
    userId: [this.data.user?.userId ?? '', this.data.user ? [] : [Validators.required, Validators.pattern(/^[A-Za-z0-9._-]{3,30}$/)]],
    name: [this.data.user?.name ?? '', [Validators.required, Validators.maxLength(120)]],
    email: [this.data.user?.email ?? '', [Validators.required, Validators.email, Validators.maxLength(254)]],
    permissions: this.fb.group(
      Object.fromEntries(
        PERMISSIONS.map((p) => [
          permissionControlName(p),
          // one may only change what one holds, and never one's own
          { value: this.data.user?.permissions.includes(p) ?? false, disabled: this.isSelf || !this.data.held.includes(p) },
        ]),
      ) as Record<string, { value: boolean; disabled: boolean }>,
    ),
  });

  private chosenPermissions(): Permission[] {
    const values = this.form.controls.permissions.getRawValue() as Record<string, boolean>;
    return PERMISSIONS.filter((p) => values[permissionControlName(p)]);
  }

  async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { userId, name, email } = this.form.getRawValue();
    const user = this.data.user;
    if (!user) {
      const answer = await this.run(() =>
        this.api.createUser(this.data.companyId, { userId: userId.trim().toLowerCase(), name: name.trim(), email: email.trim(), permissions: this.chosenPermissions() }),
      );
      if (answer) this.ref.close({ created: answer.user, temporaryPassword: answer.temporaryPassword });
      return;
    }
    const patch: { name?: string; email?: string; permissions?: Permission[] } = {};
    if (name.trim() !== user.name) patch.name = name.trim();
    if (email.trim().toLowerCase() !== (user.email ?? '')) patch.email = email.trim();
    const permissions = this.chosenPermissions();
    if (!this.isSelf && permissions.join() !== [...user.permissions].sort((a, b) => PERMISSIONS.indexOf(a) - PERMISSIONS.indexOf(b)).join()) {
      patch.permissions = permissions;
    }
    if (Object.keys(patch).length === 0) {
      this.close();
      return;
    }
    const saved = await this.run(() => this.api.updateUser(this.data.companyId, user.userId, patch));
    if (saved) this.done('users.done.saved', true);
  }

  async block(blocked: boolean): Promise<void> {
    const userId = this.data.user!.userId;
    if (blocked && !(await this.confirm(this.translator.t('users.blockConfirm', { userId }), this.translator.t('users.block')))) return;
    if (await this.run(() => this.api.setBlocked(this.data.companyId, userId, blocked))) this.done(blocked ? 'users.done.block' : 'users.done.unblock', true);
  }

  async unlock(): Promise<void> {
    if ((await this.run(() => this.api.unlock(this.data.user!.userId))) !== undefined) this.done('users.done.unlock', true);
  }

  async resetPassword(): Promise<void> {
    const userId = this.data.user!.userId;
    if (!(await this.confirm(this.translator.t('users.resetConfirm', { userId }), this.translator.t('users.resetPassword')))) return;
    const answer = await this.run(() => this.api.resetPassword(userId));
    if (!answer) return;
    this.changed = true;
    await firstValueFrom(
      this.dialog.open(OneTimePasswordDialog, { data: { userId, temporaryPassword: answer.temporaryPassword }, disableClose: true, maxWidth: '480px' }).afterClosed(),
    );
    this.close();
  }

  close(): void {
    this.ref.close(this.changed ? { changed: true } : undefined);
  }

  private done(key: MessageKey, changed: boolean): void {
    this.changed ||= changed;
    this.snackBar.open(this.translator.t(key, { userId: this.data.user?.userId ?? '' }), undefined, { duration: 4000 });
    this.close();
  }

  private async confirm(text: string, confirm: string): Promise<boolean> {
    return !!(await firstValueFrom(this.dialog.open(ConfirmDialog, { data: { text, confirm }, maxWidth: '420px' }).afterClosed()));
  }

  /** Runs a call; a refusal stays in the dialog with the server's reason. `undefined` when it failed. */
  private async run<T>(call: () => Observable<T>): Promise<T | undefined> {
    this.sending.set(true);
    this.failure.set(null);
    try {
      return (await firstValueFrom(call())) ?? (null as T);
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
      return undefined;
    } finally {
      this.sending.set(false);
    }
  }
}
