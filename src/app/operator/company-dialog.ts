import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { pageCall } from '../core/api/page-call';
import { TPipe } from '../core/i18n/t.pipe';
import type { FailureText } from '../lots/ui/failure-text';
import { signaturesKey } from '../configuration/company/company-info.page';
import { TextField } from '../shared/form/text-field';
import { type CompanyData, OperatorApi } from '../configuration/data/config-api';
import type { ActiveStatus } from '../../domain/statuses';

/** Operator: create a company (id and RIF fixed from then on) or edit one, its status included. */
@Component({
  selector: 'app-company-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatSelectModule, MatSlideToggleModule, ReactiveFormsModule, TextField, TPipe],
  template: `
    <h2 mat-dialog-title>{{ data ? ('operator.editCompany' | t: { name: data.legalName }) : ('operator.newCompany' | t) }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content class="fields">
        <app-text-field name="id" label="company.id" [maxlength]="31" autocapitalize="none" hint="operator.companyIdHint" error="operator.companyIdHint"
                        testid="company-id" />
        <app-text-field name="taxId" label="company.taxId" [maxlength]="10" autocapitalize="characters" hint="operator.taxIdHint" error="operator.taxIdHint"
                        testid="company-taxid" />
        <app-text-field class="wide" name="legalName" label="company.legalName" [maxlength]="200" error="common.required" testid="company-legal" />
        <app-text-field name="tradeName" label="company.tradeName" [maxlength]="200" error="common.required" testid="company-trade" />
        <app-text-field name="phone" label="company.phone" [maxlength]="40" error="common.required" testid="company-phone" />
        <app-text-field class="wide" name="address" label="company.address" [maxlength]="400" error="common.required" testid="company-address" />
        <app-text-field name="contactName" label="company.contactName" [maxlength]="120" error="common.required" testid="company-contact" />
        <app-text-field name="contactEmail" label="company.contactEmail" [maxlength]="254" type="email" error="common.email.invalid" testid="company-email" />
        <mat-form-field class="wide">
          <mat-label>{{ 'company.signatures' | t }}</mat-label>
          <mat-select formControlName="signaturesRequired">
            @for (n of [0, 1, 2]; track n) {
              <mat-option [value]="n">{{ signaturesKey(n) | t }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-slide-toggle class="wide" formControlName="newDeviceCodeRequired">{{ 'company.deviceCode' | t }}</mat-slide-toggle>
        @if (data) {
          <mat-form-field>
            <mat-label>{{ 'company.status' | t }}</mat-label>
            <mat-select formControlName="status" data-testid="company-status">
              <mat-option value="active">{{ 'company.status.active' | t }}</mat-option>
              <mat-option value="inactive">{{ 'company.status.inactive' | t }}</mat-option>
            </mat-select>
          </mat-form-field>
        }
        @if (failure(); as f) {
          <p class="form-error wide" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="sending()" data-testid="company-dialog-save">{{ 'users.save' | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 0 12px; }
    .wide { grid-column: 1 / -1; margin-bottom: 12px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CompanyDialog {
  readonly data = inject<CompanyData | null>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<CompanyDialog, CompanyData>);
  private readonly api = inject(OperatorApi);
  readonly sending = signal(false);
  readonly failure = signal<FailureText | null>(null);
  readonly signaturesKey = signaturesKey;
  private readonly c = this.data;

  readonly form = inject(NonNullableFormBuilder).group({
    id: [{ value: this.c?.id ?? '', disabled: !!this.c }, [Validators.required, Validators.pattern(/^[a-z][a-z0-9]{2,30}$/)]],
    taxId: [{ value: this.c?.taxId ?? '', disabled: !!this.c }, [Validators.required, Validators.pattern(/^[VEJPG][0-9]{9}$/)]],
    legalName: [this.c?.legalName ?? '', [Validators.required, Validators.maxLength(200)]],
    tradeName: [this.c?.tradeName ?? '', [Validators.required, Validators.maxLength(200)]],
    address: [this.c?.address ?? '', [Validators.required, Validators.maxLength(400)]],
    phone: [this.c?.phone ?? '', [Validators.required, Validators.maxLength(40)]],
    contactName: [this.c?.contact.name ?? '', [Validators.required, Validators.maxLength(120)]],
    contactEmail: [this.c?.contact.email ?? '', [Validators.required, Validators.email]],
    signaturesRequired: [this.c?.authorizationPolicy.signaturesRequired ?? 1],
    newDeviceCodeRequired: [this.c?.newDeviceCodeRequired ?? true],
    status: [this.c?.status ?? ('active' as ActiveStatus)],
  });

  async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const common = {
      legalName: v.legalName.trim(),
      tradeName: v.tradeName.trim(),
      address: v.address.trim(),
      phone: v.phone.trim(),
      contact: { ...(this.c?.contact ?? {}), name: v.contactName.trim(), email: v.contactEmail.trim() },
      authorizationPolicy: { signaturesRequired: v.signaturesRequired },
      newDeviceCodeRequired: v.newDeviceCodeRequired,
    };
    const c = this.c;
    const saved = await pageCall({ flag: this.sending, failure: this.failure }, () =>
      c ? this.api.updateCompany(c.id, { ...common, status: v.status }) : this.api.createCompany({ id: v.id.trim(), taxId: v.taxId.trim().toUpperCase(), ...common }),
    );
    if (saved) this.ref.close(saved);
  }
}
