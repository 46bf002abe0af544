import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';

/** The centred card every signed-out page sits in. */
@Component({
  selector: 'app-auth-card',
  imports: [MatCardModule, TPipe],
  template: `
    <div class="backdrop">
      <div class="column">
        <header class="brand">
          <img src="icons/icon-192.png" alt="" width="48" height="48" />
          <span>{{ 'app.name' | t }}</span>
        </header>
        <mat-card appearance="outlined">
          <mat-card-header>
            <mat-card-title><h1>{{ titleKey() | t }}</h1></mat-card-title>
          </mat-card-header>
          <mat-card-content>
            <ng-content />
          </mat-card-content>
        </mat-card>
      </div>
    </div>
  `,
  styles: `
    .backdrop { min-height: 100dvh; display: flex; justify-content: center; align-items: flex-start;
      background: var(--mat-sys-surface-container-low); padding: 24px 12px; box-sizing: border-box; }
    .column { width: 100%; max-width: 420px; }
    .brand { display: flex; align-items: center; gap: 12px; margin: 8px 4px 20px;
      font: var(--mat-sys-headline-small); color: var(--mat-sys-primary); }
    .brand img { border-radius: 12px; }
    h1 { font: var(--mat-sys-title-large); margin: 0 0 12px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuthCard {
  readonly titleKey = input.required<MessageKey>();
}
