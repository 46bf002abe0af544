import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import type { Observable } from 'rxjs';
import { pageCall } from '../../core/api/page-call';
import { TPipe } from '../../core/i18n/t.pipe';
import type { FailureText } from '../../lots/ui/failure-text';
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
    const request = this.b ? this.update(this.b) : this.create();
    if (!request) {
      this.ref.close(); // nothing changed
      return;
    }
    const saved = await pageCall({ flag: this.sending, failure: this.failure }, () => request);
    if (saved) this.ref.close(saved);
  }

  private create(): Observable<Branch> {
    const v = this.form.getRawValue();
    const optional = Object.fromEntries(OPTIONAL.map((k) => [k, v[k].trim()]).filter(([, value]) => value));
    return this.api.createBranch(this.data.companyId, { code: v.code.trim().toUpperCase(), name: v.name.trim(), ...optional });
  }

  /** Only what changed, an emptied optional field cleared (null); `null` when nothing changed. */
  private update(branch: Branch): Observable<Branch> | null {
    const v = this.form.getRawValue();
    const patch: Partial<BranchFields> = {};
    if (v.name.trim() !== branch.name) patch.name = v.name.trim();
    for (const key of OPTIONAL) {
      const next = v[key].trim() || null;
      if (next !== branch[key]) patch[key] = next;
    }
    return Object.keys(patch).length === 0 ? null : this.api.updateBranch(this.data.companyId, branch.code, patch);
  }
}
