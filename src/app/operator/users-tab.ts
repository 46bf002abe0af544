import { ChangeDetectionStrategy, Component, effect, input, signal, untracked } from '@angular/core';
import type { CompanyData } from '../configuration/data/config-api';
import { UsersPanel } from '../configuration/users/users-panel';
import { CompanyPicker } from './company-picker';

/** Operator → Usuarios: the users of any company, with every permission to give. */
@Component({
  selector: 'app-users-tab',
  imports: [UsersPanel, CompanyPicker],
  template: `
    <app-company-picker [companies]="companies()" [(companyId)]="companyId" />
    @if (companyId()) {
      <app-users-panel [companyId]="companyId()" />
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersTab {
  readonly companies = input.required<CompanyData[]>();
  readonly companyId = signal('');
  constructor() {
    effect(() => {
      const first = this.companies()[0]?.id;
      if (first && !untracked(this.companyId)) this.companyId.set(first);
    });
  }
}
