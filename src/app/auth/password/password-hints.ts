import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { TPipe } from '../../core/i18n/t.pipe';
import { policyHints } from './password-rules';

/** The password policy told before the user types (and before the server refuses). */
@Component({
  selector: 'app-password-hints',
  imports: [TPipe],
  template: `
    <ul class="hints">
      @for (hint of hints(); track hint.key) {
        <li>{{ hint.key | t: hint.params }}</li>
      }
    </ul>
  `,
  styles: `.hints { margin: 0 0 12px; padding-left: 20px; font: var(--mat-sys-body-small); color: var(--mat-sys-on-surface-variant); }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PasswordHints {
  readonly withUserId = input(true);
  readonly hints = computed(() => policyHints(this.withUserId()));
}
