import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { firstValueFrom } from 'rxjs';
import type { ApiKeyPermission, CreatedApiKey } from '../../../domain/api-keys';
import { isUnreachable, toApiFailure } from '../../core/api/api-failure';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';
import { ApiKeysApi } from './api-keys-api';

export interface CreateApiKeyData {
  companyId: string;
  /** what the user may give a key: API_KEY_PERMISSIONS they hold themselves */
  grantable: readonly ApiKeyPermission[];
}

/**
 * Creates a key (name, permissions, the user's password) and then shows it once, with a copy
 * button: the server keeps only its hash, so closing this dialog is the last chance to copy it.
 * Closes with the created key's summary (or undefined when cancelled before creating).
 */
@Component({
  selector: 'app-create-api-key-dialog',
  imports: [MatDialogModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, ReactiveFormsModule, TPipe],
  template: `
    @if (created(); as c) {
      <h2 mat-dialog-title>{{ 'apiKeys.createdTitle' | t }}</h2>
      <mat-dialog-content class="content">
        <p class="warning" role="alert"><mat-icon aria-hidden="true">warning</mat-icon> {{ 'apiKeys.shownOnce' | t }}</p>
        <mat-form-field class="full-width">
          <mat-label>{{ 'apiKeys.key' | t }}</mat-label>
          <textarea matInput readonly rows="3" class="key" [value]="c.key" data-testid="api-key-secret"></textarea>
        </mat-form-field>
        <button mat-stroked-button type="button" (click)="copy(c.key)" data-testid="api-key-copy">
          <mat-icon>content_copy</mat-icon> {{ (copied() ? 'apiKeys.copied' : 'apiKeys.copy') | t }}
        </button>
        <p class="form-info">{{ 'apiKeys.usage' | t }}</p>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-flat-button type="button" [mat-dialog-close]="c.apiKey" data-testid="api-key-done">{{ 'apiKeys.saved' | t }}</button>
      </mat-dialog-actions>
    } @else {
      <h2 mat-dialog-title>{{ 'apiKeys.createTitle' | t }}</h2>
      <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
        <mat-dialog-content class="content">
          <mat-form-field class="full-width">
            <mat-label>{{ 'apiKeys.name' | t }}</mat-label>
            <input matInput formControlName="name" maxlength="60" data-testid="api-key-name" cdkFocusInitial />
            <mat-hint>{{ 'apiKeys.nameHint' | t }}</mat-hint>
            @if (form.controls.name.hasError('required')) {
              <mat-error>{{ 'common.required' | t }}</mat-error>
            }
          </mat-form-field>
          <fieldset class="permissions">
            <legend>{{ 'apiKeys.permissions' | t }}</legend>
            @for (p of data.grantable; track p) {
              <mat-checkbox [checked]="chosen().includes(p)" (change)="toggle(p, $event.checked)" [attr.data-testid]="'api-key-perm-' + p">
                {{ permissionKey(p) | t }}
              </mat-checkbox>
            } @empty {
              <p class="form-error">{{ 'apiKeys.nothingGrantable' | t }}</p>
            }
            <p class="form-info">{{ 'apiKeys.permissionsHint' | t }}</p>
          </fieldset>
          <p class="form-info">{{ 'stepUp.intro' | t }}</p>
          <mat-form-field class="full-width">
            <mat-label>{{ 'stepUp.password' | t }}</mat-label>
            <input matInput type="password" formControlName="password" autocomplete="current-password" data-testid="api-key-password" />
            @if (form.controls.password.hasError('required')) {
              <mat-error>{{ 'common.required' | t }}</mat-error>
            }
          </mat-form-field>
          @if (busy()) {
            <mat-progress-bar mode="indeterminate" />
          }
          @if (error(); as e) {
            <p class="form-error" role="alert" data-testid="api-key-error">{{ e.key ? (e.key | t) : e.text }}</p>
          }
        </mat-dialog-content>
        <mat-dialog-actions align="end">
          <button mat-button type="button" [mat-dialog-close]="undefined" [disabled]="busy()">{{ 'common.cancel' | t }}</button>
          <button mat-flat-button type="submit" [disabled]="busy() || chosen().length === 0" data-testid="api-key-submit">{{ 'apiKeys.create' | t }}</button>
        </mat-dialog-actions>
      </form>
    }
  `,
  styles: `
    .content { min-width: min(440px, 80vw); }
    .full-width { width: 100%; }
    .permissions { border: 0; padding: 0; margin: 24px 0 8px; display: flex; flex-direction: column; }
    .permissions legend { font: var(--mat-sys-title-small); margin-bottom: 4px; }
    .key { font-family: monospace; word-break: break-all; }
    .warning { display: flex; gap: 8px; align-items: center; color: var(--mat-sys-error); font-weight: 500; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CreateApiKeyDialog {
  readonly data = inject<CreateApiKeyData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<CreateApiKeyDialog>>(MatDialogRef);
  private readonly api = inject(ApiKeysApi);
  readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(60)]],
    password: ['', Validators.required],
  });
  readonly chosen = signal<ApiKeyPermission[]>([]);
  readonly busy = signal(false);
  readonly error = signal<{ key: MessageKey | null; text: string } | null>(null);
  readonly created = signal<CreatedApiKey | null>(null);
  readonly copied = signal(false);

  permissionKey(p: ApiKeyPermission): MessageKey {
    return `permission.${p}` as MessageKey;
  }

  toggle(p: ApiKeyPermission, on: boolean): void {
    this.chosen.update((list) => (on ? [...list.filter((x) => x !== p), p] : list.filter((x) => x !== p)));
  }

  async submit(): Promise<void> {
    this.form.markAllAsTouched();
    if (this.form.invalid || this.chosen().length === 0 || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const { name, password } = this.form.getRawValue();
      const created = await firstValueFrom(this.api.create(this.data.companyId, { name: name.trim(), permissions: this.chosen(), password }));
      this.ref.disableClose = true; // the key must be acknowledged: no closing by a click outside
      this.created.set(created);
    } catch (err) {
      const failure = toApiFailure(err);
      this.form.controls.password.reset();
      this.error.set(
        isUnreachable(err)
          ? { key: 'error.offline', text: '' }
          : failure.message
            ? { key: null, text: failure.message }
            : { key: 'error.unexpected', text: '' },
      );
    } finally {
      this.busy.set(false);
    }
  }

  async copy(key: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(key);
      this.copied.set(true);
    } catch {
      this.copied.set(false); // no clipboard permission: the field is selectable
    }
  }
}
