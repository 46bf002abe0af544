import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import type { CardRequestKind } from '../../../domain/requests';
import { TPipe } from '../../core/i18n/t.pipe';
import { requestKindKey } from './labels';

export interface MassActionDialogData {
  kind: CardRequestKind;
  count: number;
  online: boolean;
}

/** Confirms one action on many selected cards (one request per card; the server decides each). */
@Component({
  selector: 'app-mass-action-dialog',
  imports: [MatDialogModule, MatButtonModule, MatIconModule, TPipe],
  template: `
    <h2 mat-dialog-title>{{ kindKey(data.kind) | t }}</h2>
    <div mat-dialog-content>
      <p data-testid="mass-action-question">{{ 'cardAction.massQuestion' | t: { count: data.count } }}</p>
      @if (data.kind === 'card.block') {
        <p class="note"><mat-icon aria-hidden="true">info</mat-icon> {{ 'cardAction.block.explain' | t: { hotline: ('cards.hotline' | t) } }}</p>
      }
      <p class="note"><mat-icon aria-hidden="true">schedule_send</mat-icon>
        {{ (data.online ? 'cardAction.massOnlineNote' : 'cardAction.queuedNote') | t }}</p>
    </div>
    <div mat-dialog-actions align="end">
      <button mat-button type="button" [mat-dialog-close]="false">{{ 'common.cancel' | t }}</button>
      <button mat-flat-button type="button" [mat-dialog-close]="true" data-testid="mass-action-confirm">{{ 'cardAction.confirm' | t }}</button>
    </div>
  `,
  styles: `.note { display: flex; gap: 8px; align-items: flex-start; color: var(--mat-sys-on-surface-variant); }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MassActionDialog {
  readonly data = inject<MassActionDialogData>(MAT_DIALOG_DATA);
  readonly kindKey = requestKindKey;
}
