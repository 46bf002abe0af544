import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { TPipe } from '../../core/i18n/t.pipe';

export interface OneTimePasswordData {
  userId: string;
  temporaryPassword: string;
}

/**
 * Shows a one-time password the only time it exists in clear: the server keeps just its hash. Closing
 * needs an explicit "delivered" (no backdrop click), so it is not lost by a stray tap.
 */
@Component({
  selector: 'app-one-time-password-dialog',
  imports: [MatDialogModule, MatButtonModule, MatIconModule, TPipe],
  template: `
    <h2 mat-dialog-title>{{ 'users.oneTimeTitle' | t: { userId: data.userId } }}</h2>
    <mat-dialog-content>
      <p>{{ 'users.oneTimeBody' | t }}</p>
      <p class="secret" data-testid="one-time-password">{{ data.temporaryPassword }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" (click)="copy()">
        <mat-icon>content_copy</mat-icon> {{ (copied() ? 'users.copied' : 'users.copy') | t }}
      </button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" data-testid="one-time-done">{{ 'users.oneTimeDone' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `
    .secret { font: 600 1.4rem/1.4 monospace; letter-spacing: 0.08em; padding: 12px; text-align: center;
      background: var(--mat-sys-surface-container-high); border-radius: 8px; user-select: all; word-break: break-all; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OneTimePasswordDialog {
  readonly data = inject<OneTimePasswordData>(MAT_DIALOG_DATA);
  private readonly clipboard = inject(Clipboard);
  readonly copied = signal(false);

  copy(): void {
    this.copied.set(this.clipboard.copy(this.data.temporaryPassword));
  }
}
