import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import type { ApiKeySummary } from '../../../domain/api-keys';
import { TPipe } from '../../core/i18n/t.pipe';

/** "Revoke this key?" — closes with true to revoke. */
@Component({
  selector: 'app-revoke-api-key-dialog',
  imports: [MatDialogModule, MatButtonModule, TPipe],
  template: `
    <h2 mat-dialog-title>{{ 'apiKeys.revokeTitle' | t: { name: key.name } }}</h2>
    <mat-dialog-content>
      <p>{{ 'apiKeys.revokeBody' | t: { prefix: key.prefix } }}</p>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false">{{ 'common.cancel' | t }}</button>
      <button mat-flat-button type="button" class="danger" [mat-dialog-close]="true" data-testid="api-key-revoke-confirm">{{ 'apiKeys.revoke' | t }}</button>
    </mat-dialog-actions>
  `,
  styles: `.danger { --mat-button-filled-container-color: var(--mat-sys-error); --mat-button-filled-label-text-color: var(--mat-sys-on-error); }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RevokeApiKeyDialog {
  readonly key = inject<ApiKeySummary>(MAT_DIALOG_DATA);
}
