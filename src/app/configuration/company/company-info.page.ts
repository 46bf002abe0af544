import { ChangeDetectionStrategy, Component, computed, effect, inject, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { Store } from '@ngrx/store';
import { firstValueFrom } from 'rxjs';
import { hasPermission } from '../../../domain/permissions';
import { pageCall } from '../../core/api/page-call';
import { selectSelectedCompany } from '../../core/context/context.selectors';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';
import { Translator } from '../../core/i18n/translator';
import type { FailureText } from '../../lots/ui/failure-text';
import { TextField } from '../../shared/form/text-field';
import { ConfigApi, type CompanyData, type CompanyPatch, type Product } from '../data/config-api';
import { ProductCard } from '../ui/product-card';
import { MasterBalances } from './master-balances';

export const signaturesKey = (n: number): MessageKey => `company.signatures.${n}` as MessageKey;

/**
 * Configuración → Información general: the company's data and its two policies (signatures before a
 * lot's authorization; a code for a new device), editable with company.manage; its products; the
 * master account balance of each product with its "as of" time (offline: the device's copy).
 */
@Component({
  selector: 'app-company-info-page',
  imports: [
    MatButtonModule, MatFormFieldModule, MatIconModule, MatSelectModule, MatSlideToggleModule,
    ReactiveFormsModule, TextField, TPipe, ProductCard, MasterBalances,
  ],
  template: `
    <section class="page">
      <h1 class="title"><mat-icon aria-hidden="true">business</mat-icon> {{ 'nav.companyInfo' | t }}</h1>
      <!-- first, and outside the server's company data: offline it shows the balances the device holds -->
      <app-master-balances />
      @if (data(); as c) {
        <dl class="facts">
          <dt>{{ 'company.legalName' | t }}</dt><dd data-testid="legal-name">{{ c.legalName }}</dd>
          <dt>{{ 'company.taxId' | t }}</dt><dd>{{ c.taxId }}</dd>
          <dt>{{ 'company.status' | t }}</dt><dd>{{ (c.status === 'active' ? 'company.status.active' : 'company.status.inactive') | t }}</dd>
        </dl>
        @if (!canManage()) {
          <p class="form-info">{{ 'company.readOnly' | t }}</p>
        }
        <form [formGroup]="form" (ngSubmit)="save()" novalidate>
          <h2 class="section">{{ 'company.data' | t }}</h2>
          <div class="fields">
            <app-text-field name="tradeName" label="company.tradeName" [maxlength]="200" error="common.required" />
            <app-text-field name="phone" label="company.phone" [maxlength]="40" inputmode="tel" error="common.required" />
            <app-text-field class="wide" name="address" label="company.address" [maxlength]="400" error="common.required" />
            <app-text-field name="contactName" label="company.contactName" [maxlength]="120" error="common.required" />
            <app-text-field name="contactEmail" label="company.contactEmail" [maxlength]="254" type="email" error="common.email.invalid" />
            <app-text-field name="contactPhone" label="company.contactPhone" [maxlength]="40" inputmode="tel" />
          </div>

          <h2 class="section">{{ 'company.policies' | t }}</h2>
          <mat-form-field class="wide">
            <mat-label>{{ 'company.signatures' | t }}</mat-label>
            <mat-select formControlName="signaturesRequired" data-testid="signatures">
              @for (n of [0, 1, 2]; track n) {
                <mat-option [value]="n">{{ signaturesKey(n) | t }}</mat-option>
              }
            </mat-select>
            <mat-hint>{{ 'company.signaturesHint' | t }}</mat-hint>
          </mat-form-field>
          <div class="toggle">
            <mat-slide-toggle formControlName="newDeviceCodeRequired" data-testid="device-code">{{ 'company.deviceCode' | t }}</mat-slide-toggle>
            <p class="form-info">{{ 'company.deviceCodeHint' | t }}</p>
          </div>
          @if (failure(); as f) {
            <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
          }
          @if (canManage()) {
            <button mat-flat-button type="submit" [disabled]="sending() || form.pristine" data-testid="company-save">
              <mat-icon>save</mat-icon> {{ 'company.save' | t }}
            </button>
          }
        </form>

        <h2 class="section">{{ 'company.products' | t }}</h2>
        <p class="form-info">{{ 'company.productsHint' | t }}</p>
        <div class="products">
          @for (p of products(); track p.code) {
            <app-product-card [product]="p" />
          }
        </div>
      } @else if (failure(); as f) {
        <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
      }
    </section>
  `,
  styles: `
    .title { display: flex; align-items: center; gap: 8px; font: var(--mat-sys-headline-small); }
    .section { font: var(--mat-sys-title-medium); margin: 20px 0 8px; }
    .facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
    .facts dt { color: var(--mat-sys-on-surface-variant); }
    .facts dd { margin: 0; }
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 0 12px; }
    .wide { grid-column: 1 / -1; width: 100%; }
    .toggle { margin: 16px 0; }
    .products { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 12px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class CompanyInfoPage {
  private readonly store = inject(Store);
  private readonly api = inject(ConfigApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly translator = inject(Translator);
  readonly company = this.store.selectSignal(selectSelectedCompany);
  readonly canManage = computed(() => hasPermission(this.company()?.permissions, 'company.manage'));
  readonly data = signal<CompanyData | null>(null);
  readonly products = signal<Product[]>([]);
  readonly sending = signal(false);
  readonly failure = signal<FailureText | null>(null);
  readonly signaturesKey = signaturesKey;

  readonly form = inject(NonNullableFormBuilder).group({
    tradeName: ['', [Validators.required, Validators.maxLength(200)]],
    address: ['', [Validators.required, Validators.maxLength(400)]],
    phone: ['', [Validators.required, Validators.maxLength(40)]],
    contactName: ['', [Validators.required, Validators.maxLength(120)]],
    contactEmail: ['', [Validators.required, Validators.email]],
    contactPhone: ['', [Validators.maxLength(40)]],
    signaturesRequired: [1],
    newDeviceCodeRequired: [true],
  });

  constructor() {
    effect(() => {
      const company = this.company();
      if (company) untracked(() => void this.load(company.id));
    });
  }

  private async load(companyId: string): Promise<void> {
    const answer = await pageCall({ failure: this.failure }, () =>
      Promise.all([firstValueFrom(this.api.getCompany(companyId)), firstValueFrom(this.api.products(companyId))]),
    );
    if (!answer) return;
    const [data, products] = answer;
    this.show(data);
    this.products.set(products);
  }

  private show(c: CompanyData): void {
    this.data.set(c);
    this.form.reset({
      tradeName: c.tradeName,
      address: c.address,
      phone: c.phone,
      contactName: c.contact.name,
      contactEmail: c.contact.email,
      contactPhone: c.contact.phone ?? '',
      signaturesRequired: c.authorizationPolicy.signaturesRequired,
      newDeviceCodeRequired: c.newDeviceCodeRequired,
    });
    if (this.canManage()) this.form.enable();
    else this.form.disable();
  }

  async save(): Promise<void> {
    const company = this.company();
    if (!company || this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const patch: CompanyPatch = {
      tradeName: v.tradeName.trim(),
      address: v.address.trim(),
      phone: v.phone.trim(),
      contact: { name: v.contactName.trim(), email: v.contactEmail.trim(), ...(v.contactPhone.trim() ? { phone: v.contactPhone.trim() } : {}) },
      authorizationPolicy: { signaturesRequired: v.signaturesRequired },
      newDeviceCodeRequired: v.newDeviceCodeRequired,
    };
    const saved = await pageCall({ flag: this.sending, failure: this.failure }, () => this.api.updateCompany(company.id, patch));
    if (!saved) return;
    this.show(saved);
    this.snackBar.open(this.translator.t('company.saved'), undefined, { duration: 4000 });
  }
}
