import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { productKindKey } from '../../core/i18n/domain-keys';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import type { Product } from '../data/config-api';
import { fieldLabel, fieldText, productGroups } from './product-fields';

/** A product read-only: BIN, kind, and every fee and limit group the server answers. */
@Component({
  selector: 'app-product-card',
  imports: [MatCardModule, TPipe],
  template: `
    <mat-card appearance="outlined" [attr.data-testid]="'product-' + product().code">
      <mat-card-header>
        <mat-card-title>{{ product().code }} · {{ product().name }}</mat-card-title>
        <mat-card-subtitle>{{ kindKey(product().kind) | t }} · BIN {{ product().bin }}</mat-card-subtitle>
      </mat-card-header>
      <mat-card-content>
        @for (g of groups(); track g.name) {
          <h4>{{ label(g.name) }}</h4>
          <dl>
            @for (f of g.fields; track f.name) {
              <dt>{{ label(f.name) }}</dt>
              <dd>{{ text(f) }}</dd>
            }
          </dl>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    h4 { font: var(--mat-sys-title-small); margin: 12px 0 4px; }
    dl { display: grid; grid-template-columns: 1fr auto; gap: 2px 16px; margin: 0; }
    dt { color: var(--mat-sys-on-surface-variant); }
    dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductCard {
  readonly product = input.required<Product>();
  private readonly translator = inject(Translator);
  readonly groups = computed(() => productGroups(this.product()));
  readonly kindKey = productKindKey;
  readonly text = fieldText;
  label(name: string): string {
    return fieldLabel(this.translator, name);
  }
}
