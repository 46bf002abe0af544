import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { firstValueFrom } from 'rxjs';
import { toApiFailure } from '../../core/api/api-failure';
import { TPipe } from '../../core/i18n/t.pipe';
import { type FailureText, actionFailureText } from '../../lots/ui/failure-text';
import { TextField } from '../../shared/form/text-field';
import { ConfigApi, type Branch, type BranchFields } from '../data/config-api';

export interface BranchDialogData {
  companyId: string;
  branch?: Branch;
}

const OPTIONAL = ['address', 'city', 'state', 'phone', 'contact'] as const;

/** Create or edit a branch, with the same rules as the SUC lot's fields (code A-Z 0-9, lengths, phone). */
@Component({
  selector: 'app-branch-dialog',
  imports: [MatDialogModule, MatButtonModule, ReactiveFormsModule, TextField, TPipe],
  template: `
    <h2 mat-dialog-title>{{ data.branch ? ('branches.edit' | t: { code: data.branch.code }) : ('branches.new' | t) }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" novalidate>
      <mat-dialog-content class="fields">
        <app-text-field name="code" label="branches.code" [maxlength]="10" autocapitalize="characters" hint="branches.codeHint" error="branches.invalidCode"
                        testid="branch-code" />
        <app-text-field name="name" label="branches.name" [maxlength]="60" error="common.required" testid="branch-name" />
        <app-text-field class="wide" name="address" label="branches.address" [maxlength]="120" />
        <app-text-field name="city" label="branches.city" [maxlength]="40" />
        <app-text-field name="state" label="branches.state" [maxlength]="40" />
        <app-text-field name="phone" label="branches.phone" [maxlength]="16" inputmode="tel" hint="branches.phoneHint" error="branches.phoneHint" />
        <app-text-field name="contact" label="branches.contact" [maxlength]="60" />
        @if (failure(); as f) {
          <p class="form-error wide" role="alert">{{ f.key ? (f.key | t) : f.serverText }}</p>
        }
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
        <button mat-flat-button type="submit" [disabled]="sending()" data-testid="branch-save">{{ 'users.save' | t }}</button>
      </mat-dialog-actions>
    </form>
  `,
  styles: `
    .fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 0 12px; }
    .wide { grid-column: 1 / -1; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BranchDialog {
  readonly data = inject<BranchDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject(MatDialogRef<BranchDialog, Branch>);
  private readonly api = inject(ConfigApi);
  readonly sending = signal(false);
  readonly failure = signal<FailureText | null>(null);
  private readonly b = this.data.branch;

  readonly form = inject(NonNullableFormBuilder).group({
    code: [{ value: this.b?.code ?? '', disabled: !!this.b }, [Validators.required, Validators.pattern(/^[A-Za-z0-9]{1,10}$/)]],
    name: [this.b?.name ?? '', [Validators.required, Validators.maxLength(60)]],
    address: [this.b?.address ?? ''],
    city: [this.b?.city ?? ''],
    state: [this.b?.state ?? ''],
    phone: [this.b?.phone ?? '', [Validators.pattern(/^\+?[0-9]{7,15}$/)]],
    contact: [this.b?.contact ?? ''],
  });

  async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const v = this.form.getRawValue();
    this.sending.set(true);
    try {
      let saved: Branch;
      if (this.b) {
        // only what changed; an emptied optional field is cleared (null)
        const patch: Partial<BranchFields> = {};
        if (v.name.trim() !== this.b.name) patch.name = v.name.trim();
        for (const key of OPTIONAL) {
          const next = v[key].trim() || null;
          if (next !== this.b[key]) patch[key] = next;
        }
        if (Object.keys(patch).length === 0) {
          this.ref.close();
          return;
        }
        saved = await firstValueFrom(this.api.updateBranch(this.data.companyId, this.b.code, patch));
      } else {
        const optional = Object.fromEntries(OPTIONAL.map((k) => [k, v[k].trim()]).filter(([, value]) => value));
        saved = await firstValueFrom(this.api.createBranch(this.data.companyId, { code: v.code.trim().toUpperCase(), name: v.name.trim(), ...optional }));
      }
      this.ref.close(saved);
    } catch (error) {
      this.failure.set(actionFailureText(toApiFailure(error)));
    } finally {
      this.sending.set(false);
    }
  }
}
