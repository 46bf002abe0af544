import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { Store } from '@ngrx/store';
import { featureLink } from '../../core/access/features';
import { selectGrantedPermissions, selectSelectedCompany, selectSelectedProduct } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { selectRole, selectUser } from '../../core/session/session.selectors';
import { visibleSections } from '../nav/nav-sections';

/** Landing page of the shell: who, where (company/product) and shortcuts to what the user may open. */
@Component({
  selector: 'app-home-page',
  imports: [MatCardModule, MatIconModule, RouterLink, TPipe],
  template: `
    <section class="page">
      <h1>{{ 'home.welcome' | t: { name: user()?.name ?? '' } }}</h1>
      @if (company(); as c) {
        <p class="context">
          {{ 'home.context' | t: { company: c.name, product: product()?.name ?? ('context.noProduct' | t) } }}
        </p>
      }
      <h2>{{ 'home.shortcuts' | t }}</h2>
      <div class="grid">
        @for (feature of features(); track feature.labelKey) {
          <a class="tile" [routerLink]="link(feature)">
            <mat-icon aria-hidden="true">{{ feature.icon }}</mat-icon>
            <span>{{ feature.labelKey | t }}</span>
          </a>
        }
      </div>
    </section>
  `,
  styles: `
    h1 { font: var(--mat-sys-headline-small); margin: 8px 0; }
    h2 { font: var(--mat-sys-title-medium); margin: 24px 0 8px; }
    .context { color: var(--mat-sys-on-surface-variant); }
    .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; }
    .tile {
      display: flex; flex-direction: column; align-items: center; justify-content: center; gap: 8px;
      min-height: 96px; padding: 12px; text-align: center; text-decoration: none; border-radius: 16px;
      color: var(--mat-sys-on-surface); background: var(--mat-sys-surface-container);
    }
    .tile:hover, .tile:focus-visible { background: var(--mat-sys-secondary-container); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class HomePage {
  private readonly store = inject(Store);
  readonly user = this.store.selectSignal(selectUser);
  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly product = this.store.selectSignal(selectSelectedProduct);
  private readonly granted = this.store.selectSignal(selectGrantedPermissions);
  private readonly role = this.store.selectSignal(selectRole);
  readonly features = computed(() => visibleSections(this.granted(), this.role()).flatMap((section) => section.features));
  readonly link = featureLink;
}
