import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { FormControl, NonNullableFormBuilder, ReactiveFormsModule, Validators, type AbstractControl, type ValidationErrors } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { firstValueFrom } from 'rxjs';
import { toApiFailure } from '../core/api/api-failure';
import { productKindKey } from '../core/i18n/domain-keys';
import type { MessageKey } from '../core/i18n/es';
import { TPipe } from '../core/i18n/t.pipe';
import { Translator } from '../core/i18n/translator';
import { type FailureText, actionFailureText } from '../lots/ui/failure-text';
import { OperatorApi, type Product } from '../configuration/data/config-api';
import { type FieldUnit, type ProductGroup, fieldInput, fieldLabel, parseFieldInput, productGroups } from '../configuration/ui/product-fields';

export interface ProductDialogData {
  companyId: string;
  /** absent: a new product, whose groups follow `template` (another product's shape) */
  product?: Product;
  template: Product;
}

const KINDS = ['meal', 'gift', 'payroll', 'other'] as const;
const HINT: Record<FieldUnit, MessageKey> = { money: 'operator.moneyHint', percent: 'operator.percentHint', count: 'operator.countHint' };

function readable(unit: FieldUnit) {
  return (control: AbstractControl<string>): ValidationErrors | null => (Number.isNaN(parseFieldInput(unit, control.value)) ? { number: true } : null);
}

/**
 * Operator: a product's BIN, kind, fee schedule, tax and limits. The number groups are built from the
 * product the server answered (so fields a later issue adds — transfer fees and limits — appear here
 * without a change); the server's schema decides what is valid and its message is shown.
 */
@Component({
  selector: 'app-product-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule, TPipe],
  template: `
    <h2 mat-dialog-title>{{ data.product ? data.product.code + ' · ' + data.product.name : ('operator.newProduct' | t) }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content>
        <div class="fields">
          <mat-form-field>
            <mat-label>{{ 'operator.productCode' | t }}</mat-label>
            <input matInput formControlName="code" maxlength="10" autocapitalize="characters" data-testid="product-code" />
            <mat-error>A-Z 0-9 (2–10)</mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'operator.productName' | t }}</mat-label>
            <input matInput formControlName="name" maxlength="120" data-testid="product-name" />
            <mat-error>{{ 'common.required' | t }}</mat-error>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'operator.productKind' | t }}</mat-label>
            <mat-select formControlName="kind">
              @for (k of kinds; track k) {
                <mat-option [value]="k">{{ kindKey(k) | t }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field>
            <mat-label>{{ 'operator.productBin' | t }}</mat-label>
            <input matInput formControlName="bin" maxlength="6" inputmode="numeric" data-testid="product-bin" />
            <mat-hint>{{ 'operator.productBinHint' | t }}</mat-hint>
            <mat-error>{{ 'operator.productBinHint' | t }}</mat-error>
          </mat-form-field>
        </div>
        <p class="form-info">{{ 'operator.emptyMeansNoLimit' | t }}</p>
        @for (g of groups; track g.name) {
          <h3 class="group">{{ label(g.name) }}</h3>
          <div class="fields">
            @for (f of g.fields; track f.name) {
              <mat-form-field>
                <mat-label>{{ label(f.name) }}</mat-label>
                <input matInput [formControl]="control(g.name, f.name)" [attr.inputmode]="f.unit === 'count' ? 'numeric' : 'decimal'"
                       [attr.data-testid]="'field-' + g.name + '-' + f.name" />
                <mat-hint>{{ hint[f.unit] | t }}</mat-hint>
                <mat-error>{{ 'operator.badNumber' | t }}</mat-error>
              </mat-form-field>
            }
          </div>
        }
        @if (failure(); as f) {
          <p class="form-error" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
          @for (d of details(); track $index) {
            <p class="form-error">{{ d }}</p>
          }
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="sending()" data-testid="product-save">{{ 'users.save' | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 4px 12px; }
    .group { font: var(--mat-sys-title-small); margin: 16px 0 4px; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProductDialog {
  readonly data = inject<ProductDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<ProductDialog, Product>);
  private readonly api = inject(OperatorApi);
  private readonly translator = inject(Translator);
  readonly kinds = KINDS;
  readonly kindKey = productKindKey;
  readonly hint = HINT;
  readonly sending = signal(false);
  readonly failure = signal<FailureText | null>(null);
  readonly details = signal<string[]>([]);
  private readonly p = this.data.product;
  /** the groups of the product (or, for a new one, of the template with empty values for money) */
  readonly groups: ProductGroup[] = productGroups(this.p ?? this.data.template);
  private readonly controls = new Map<string, FormControl<string>>();

  readonly form = inject(NonNullableFormBuilder).group({
    code: [{ value: this.p?.code ?? '', disabled: !!this.p }, [Validators.required, Validators.pattern(/^[A-Za-z0-9]{2,10}$/)]],
    name: [this.p?.name ?? '', [Validators.required, Validators.maxLength(120)]],
    kind: [{ value: this.p?.kind ?? ('meal' as Product['kind']), disabled: !!this.p }],
    bin: [{ value: this.p?.bin ?? '', disabled: !!this.p }, [Validators.required, Validators.pattern(/^[0-9]{6}$/)]],
  });

  constructor() {
    for (const g of this.groups) {
      for (const f of g.fields) {
        const control = new FormControl(fieldInput(f), { nonNullable: true, validators: [readable(f.unit)] });
        this.controls.set(`${g.name}.${f.name}`, control);
        (this.form as unknown as { addControl(n: string, c: AbstractControl): void }).addControl(`${g.name}__${f.name}`, control);
      }
    }
  }

  control(group: string, name: string): FormControl<string> {
    return this.controls.get(`${group}.${name}`)!;
  }

  label(name: string): string {
    return fieldLabel(this.translator, name);
  }

  private groupValues(): Record<string, Record<string, number | null>> {
    return Object.fromEntries(
      this.groups.map((g) => [g.name, Object.fromEntries(g.fields.map((f) => [f.name, parseFieldInput(f.unit, this.control(g.name, f.name).value)]))]),
    );
  }

  async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    const groups = this.groupValues();
    this.sending.set(true);
    this.details.set([]);
    try {
      const saved = this.p
        ? await firstValueFrom(this.api.updateProduct(this.data.companyId, this.p.code, { name: v.name.trim(), ...groups }))
        : await firstValueFrom(
            this.api.createProduct(this.data.companyId, { code: v.code.trim().toUpperCase(), name: v.name.trim(), kind: v.kind, bin: v.bin.trim(), ...groups }),
          );
      this.ref.close(saved);
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
      this.details.set(validationDetails(error, (name) => this.label(name)));
    } finally {
      this.sending.set(false);
    }
  }
}

/** The server's field-by-field reasons of a 400 ("limits.maxLoadCents: …"), with the fields' labels. */
function validationDetails(error: unknown, label: (name: string) => string): string[] {
  const body = (error as { error?: { error?: { details?: { field: string | null; problem: string }[] } } })?.error?.error;
  return (body?.details ?? []).map((d) => `${d.field ? d.field.split('.').map(label).join(' › ') + ': ' : ''}${d.problem}`);
}
