import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import { AuthApi } from '../../core/api/auth-api';
import { isUnreachable } from '../../core/api/api-failure';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';
import { AuthCard } from '../layout/auth-card';

/**
 * Recovery of user id or password. Whatever the server says (account or not), the page shows the same
 * neutral confirmation; only "nothing was sent" (offline, rate limit, a malformed value) is reported differently.
 */
@Component({
  selector: 'app-recover-page',
  imports: [ReactiveFormsModule, MatFormFieldModule, MatInputModule, MatButtonModule, MatProgressBarModule, RouterLink, TPipe, AuthCard],
  template: `
    <app-auth-card titleKey="recover.title">
      @if (done()) {
        <p class="form-info" role="status" data-testid="recover-done">{{ 'recover.done' | t }}</p>
      } @else {
        <p class="form-info">{{ 'recover.intro' | t }}</p>
        <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
          <mat-form-field class="full-width">
            <mat-label>{{ 'recover.login' | t }}</mat-label>
            <input matInput formControlName="login" autocomplete="username" autocapitalize="none" required />
            <mat-error>{{ 'common.required' | t }}</mat-error>
          </mat-form-field>
          <mat-form-field class="full-width">
            <mat-label>{{ 'recover.taxId' | t }}</mat-label>
            <input matInput formControlName="taxId" autocapitalize="characters" required />
            <mat-error>{{ 'common.required' | t }}</mat-error>
          </mat-form-field>
          <mat-form-field class="full-width">
            <mat-label>{{ 'recover.email' | t }}</mat-label>
            <input matInput type="email" formControlName="email" autocomplete="email" required />
            <mat-error>{{ (form.controls.email.hasError('email') ? 'common.email.invalid' : 'common.required') | t }}</mat-error>
          </mat-form-field>
          @if (errorKey(); as error) {
            <p class="form-error" role="alert" data-testid="recover-error">{{ error | t }}</p>
          }
          <button mat-flat-button type="submit" class="full-width" [disabled]="sending()">{{ 'recover.submit' | t }}</button>
          @if (sending()) { <mat-progress-bar mode="indeterminate" /> }
        </form>
      }
      <p class="links"><a routerLink="/ingresar">{{ 'recover.toLogin' | t }}</a></p>
    </app-auth-card>
  `,
  styles: `.links { margin-top: 16px; text-align: center; } button[type='submit'] { height: 48px; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class RecoverPage {
  private readonly api = inject(AuthApi);
  readonly form = inject(NonNullableFormBuilder).group({
    login: ['', [Validators.required]],
    taxId: ['', [Validators.required]],
    email: ['', [Validators.required, Validators.email]],
  });
  readonly sending = signal(false);
  readonly done = signal(false);
  readonly errorKey = signal<MessageKey | null>(null);

  submit(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const { login, taxId, email } = this.form.getRawValue();
    this.sending.set(true);
    this.errorKey.set(null);
    this.api.recover({ login: login.trim(), taxId: taxId.trim().toUpperCase(), email: email.trim() }).subscribe({
      next: () => this.finish(null),
      error: (error: unknown) =>
        this.finish(
          isUnreachable(error)
            ? 'error.offline'
            : (error as { status?: number }).status === 429
              ? 'error.rateLimited'
              : // a malformed value (the server checks only the form; an unknown account still answers 202)
                (error as { status?: number }).status === 400
                ? 'recover.invalid'
                : null,
        ),
    });
  }

  private finish(errorKey: MessageKey | null): void {
    this.sending.set(false);
    this.errorKey.set(errorKey);
    if (!errorKey) this.done.set(true);
  }
}
