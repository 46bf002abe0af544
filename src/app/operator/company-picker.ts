import { ChangeDetectionStrategy, Component, input, model } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { TPipe } from '../core/i18n/t.pipe';
import type { CompanyData } from '../configuration/data/config-api';

/** The company an operator tab works on (any company, active or not). */
@Component({
  selector: 'app-company-picker',
  imports: [FormsModule, MatFormFieldModule, MatSelectModule, TPipe],
  template: `
    <mat-form-field class="picker">
      <mat-label>{{ 'operator.chooseCompany' | t }}</mat-label>
      <mat-select [(ngModel)]="companyId" data-testid="company-picker">
        @for (c of companies(); track c.id) {
          <mat-option [value]="c.id">{{ c.legalName }} · {{ c.taxId }}</mat-option>
        }
      </mat-select>
    </mat-form-field>
  `,
  styles: `.picker { width: 100%; max-width: 480px; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CompanyPicker {
  readonly companies = input.required<CompanyData[]>();
  readonly companyId = model<string>('');
}
