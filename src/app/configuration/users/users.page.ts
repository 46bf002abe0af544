import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { Store } from '@ngrx/store';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import { TPipe } from '../../core/i18n/t.pipe';
import { UsersPanel } from './users-panel';

/** Configuración → Usuarios (users.manage): the selected company's users. */
@Component({
  selector: 'app-users-page',
  imports: [MatIconModule, TPipe, UsersPanel],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">group</mat-icon> {{ 'nav.users' | t }}</h1>
      @if (company(); as c) {
        <p class="form-info">{{ c.name }} · {{ c.taxId }}</p>
        <app-users-panel [companyId]="c.id" />
      }
    </section>
  `,
  styles: `.title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class UsersPage {
  readonly company = inject(Store).selectSignal(selectSelectedCompany);
}
