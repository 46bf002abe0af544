import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';

/** Stand-in for a feature screen a later issue builds; says what will be there. Inputs come from route data. */
@Component({
  selector: 'app-placeholder-page',
  imports: [MatCardModule, MatIconModule, TPipe],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">{{ icon() }}</mat-icon> {{ titleKey() | t }}</h1>
      <mat-card appearance="outlined">
        <mat-card-content>
          <p>{{ descriptionKey() | t }}</p>
          <p class="soon"><mat-icon aria-hidden="true">construction</mat-icon> {{ 'placeholder.soon' | t }}</p>
        </mat-card-content>
      </mat-card>
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .soon { display: flex; align-items: center; gap: 8px; color: var(--mat-sys-on-surface-variant); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class PlaceholderPage {
  readonly titleKey = input.required<MessageKey>();
  readonly descriptionKey = input.required<MessageKey>();
  readonly icon = input('widgets');
}
