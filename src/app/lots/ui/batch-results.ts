import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';
import type { LotActionResult } from './batch';

const OUTCOME: Record<LotActionResult['outcome'], { key: MessageKey; icon: string }> = {
  done: { key: 'batch.done', icon: 'check_circle' },
  failed: { key: 'batch.failed', icon: 'error' },
  skipped: { key: 'batch.skipped', icon: 'block' },
};

/** Per-lot outcome of an action on one or many lots. */
@Component({
  selector: 'app-batch-results',
  imports: [MatButtonModule, MatIconModule, TPipe],
  template: `
    <section class="results" role="status" data-testid="batch-results">
      <h2 class="heading">{{ titleKey() | t }}</h2>
      <ul>
        @for (r of results(); track r.lotId) {
          <li [class]="r.outcome" [attr.data-testid]="'result-' + r.lotId">
            <span class="material-icons" aria-hidden="true">{{ outcome[r.outcome].icon }}</span>
            <strong>{{ r.lotId }}</strong>
            <span>{{ outcome[r.outcome].key | t }}</span>
            @if (r.text; as text) {
              <span class="why">{{ text.key ? (text.key | t) : text.serverText }}</span>
            }
          </li>
        }
      </ul>
      <button mat-button type="button" (click)="dismiss.emit()">{{ 'common.close' | t }}</button>
    </section>
  `,
  styles: `
    .results { border: 1px solid var(--mat-sys-outline-variant); border-radius: 12px; padding: 8px 16px; margin: 12px 0; }
    .heading { font: var(--mat-sys-title-medium); margin: 8px 0; }
    ul { list-style: none; padding: 0; margin: 0; }
    li { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; padding: 4px 0; word-break: break-all; }
    .done .material-icons { color: #1b7f3b; }
    .failed .material-icons { color: var(--mat-sys-error); }
    .skipped .material-icons { color: var(--mat-sys-on-surface-variant); }
    .why { flex-basis: 100%; color: var(--mat-sys-on-surface-variant); padding-left: 32px; word-break: normal; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BatchResults {
  readonly results = input.required<readonly LotActionResult[]>();
  readonly titleKey = input<MessageKey>('batch.title');
  readonly dismiss = output<void>();
  readonly outcome = OUTCOME;
}
