import { ChangeDetectionStrategy, Component, computed, inject, output } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { MatListModule } from '@angular/material/list';
import { RouterLink, RouterLinkActive } from '@angular/router';
import { Store } from '@ngrx/store';
import { featureLink } from '../../core/access/features';
import { selectGrantedPermissions } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { selectRole } from '../../core/session/session.selectors';
import { visibleSections } from './nav-sections';

@Component({
  selector: 'app-nav-list',
  imports: [MatListModule, MatIconModule, RouterLink, RouterLinkActive, TPipe],
  template: `
    <mat-nav-list [attr.aria-label]="'shell.nav' | t">
      <a mat-list-item routerLink="/" routerLinkActive="active" [routerLinkActiveOptions]="{ exact: true }"
         (click)="navigate.emit()">
        <mat-icon matListItemIcon aria-hidden="true">home</mat-icon>
        <span matListItemTitle>{{ 'shell.home' | t }}</span>
      </a>
      @for (section of sections(); track section.labelKey) {
        <h3 matSubheader class="section">{{ section.labelKey | t }}</h3>
        @for (feature of section.features; track feature.labelKey) {
          <a mat-list-item [routerLink]="link(feature)" routerLinkActive="active" (click)="navigate.emit()"
             [attr.data-feature]="feature.labelKey">
            <mat-icon matListItemIcon aria-hidden="true">{{ feature.icon }}</mat-icon>
            <span matListItemTitle>{{ feature.labelKey | t }}</span>
          </a>
        }
      }
      <mat-divider />
      <a mat-list-item routerLink="/perfil" routerLinkActive="active" (click)="navigate.emit()" data-feature="nav.profile">
        <mat-icon matListItemIcon aria-hidden="true">person</mat-icon>
        <span matListItemTitle>{{ 'nav.profile' | t }}</span>
      </a>
    </mat-nav-list>
  `,
  styles: `
    .section { font: var(--mat-sys-title-small); color: var(--mat-sys-primary); margin: 12px 16px 4px; }
    .active { background: var(--mat-sys-secondary-container); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class NavList {
  private readonly store = inject(Store);
  private readonly granted = this.store.selectSignal(selectGrantedPermissions);
  private readonly role = this.store.selectSignal(selectRole);
  readonly sections = computed(() => visibleSections(this.granted(), this.role()));
  readonly navigate = output<void>();
  readonly link = featureLink;
}
