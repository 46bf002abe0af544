import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { FormControl, FormGroup, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import {
  type CardRequestKind,
  type CardRequestPayload,
  REPLACEMENT_REASONS,
  type ReplacementReason,
  cardRequestPayloadSchemas,
} from '../../../domain/requests';
import { TPipe } from '../../core/i18n/t.pipe';
import type { LocalBranch, LocalCard } from '../../offline/db/doc-types';
import { replacementReasonKey, requestKindKey } from './labels';
import { SignaturePad } from './signature-pad';

export interface CardActionDialogData {
  kind: CardRequestKind;
  card: LocalCard;
  branches: LocalBranch[];
}

export type CardActionResult = CardRequestPayload<CardRequestKind>;

/**
 * The form of one card request: what the shared payload schema asks for, nothing else. Closes with
 * the payload (checked with the same zod schema the server uses) or undefined when cancelled.
 */
@Component({
  selector: 'app-card-action-dialog',
  imports: [MatDialogModule, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule, MatIconModule, ReactiveFormsModule, TPipe, SignaturePad],
  template: `
    <h2 mat-dialog-title>{{ kindKey | t }}</h2>
    <form mat-dialog-content [formGroup]="form" (ngSubmit)="submit()" id="card-action-form" class="form">
      <p class="who">{{ card.holder.firstName }} {{ card.holder.lastName }} · {{ card.maskedPan }}</p>
      @switch (data.kind) {
        @case ('card.block') {
          <p class="note"><mat-icon aria-hidden="true">info</mat-icon> {{ 'cardAction.block.explain' | t: { hotline: ('cards.hotline' | t) } }}</p>
        }
        @case ('card.cancel') {
          <p class="warn"><mat-icon aria-hidden="true">warning</mat-icon> {{ 'cardAction.cancel.explain' | t }}</p>
        }
        @case ('card.pin') {
          <p class="note">{{ 'cardAction.pin.explain' | t }}</p>
        }
        @case ('card.holder-update') {
          <mat-form-field appearance="outline">
            <mat-label>{{ 'card.email' | t }}</mat-label>
            <input matInput type="email" formControlName="email" autocomplete="off" inputmode="email" />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'card.phone' | t }}</mat-label>
            <input matInput type="tel" formControlName="phone" autocomplete="off" inputmode="tel" />
            <mat-hint>{{ 'cardAction.holder.phoneHint' | t }}</mat-hint>
          </mat-form-field>
        }
        @case ('card.replacement') {
          <mat-form-field appearance="outline">
            <mat-label>{{ 'cardAction.replacement.reason' | t }}</mat-label>
            <mat-select formControlName="reason" data-testid="replacement-reason">
              @for (reason of reasons; track reason) {
                <mat-option [value]="reason">{{ reasonKey(reason) | t }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'cardAction.replacement.branch' | t }}</mat-label>
            <mat-select formControlName="branchCode">
              @for (branch of branchOptions(); track branch.code) {
                <mat-option [value]="branch.code">{{ branch.code }} · {{ branch.name }}</mat-option>
              }
            </mat-select>
          </mat-form-field>
        }
        @case ('card.plastic-delivered') {
          <mat-form-field appearance="outline">
            <mat-label>{{ 'delivery.receivedBy' | t }}</mat-label>
            <input matInput formControlName="receivedBy" autocomplete="off" data-testid="received-by" />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>{{ 'delivery.receivedByIdNumber' | t }}</mat-label>
            <input matInput formControlName="receivedByIdNumber" autocomplete="off" inputmode="numeric" />
          </mat-form-field>
          <p class="label">{{ 'signature.label' | t }} <span class="optional">({{ 'common.optional' | t }})</span></p>
          <app-signature-pad (changed)="signature.set($event)" />
        }
      }
      @if (hasNote()) {
        <mat-form-field appearance="outline">
          <mat-label>{{ 'cardAction.note' | t }} ({{ 'common.optional' | t }})</mat-label>
          <input matInput formControlName="note" maxlength="200" autocomplete="off" />
        </mat-form-field>
      }
      @if (invalid()) {
        <p class="error" role="alert">{{ invalidKey() | t }}</p>
      }
      <p class="queued"><mat-icon aria-hidden="true">schedule_send</mat-icon> {{ 'cardAction.queuedNote' | t }}</p>
    </form>
    <div mat-dialog-actions align="end">
      <button mat-button type="button" mat-dialog-close>{{ 'common.cancel' | t }}</button>
      <button mat-flat-button type="submit" form="card-action-form" data-testid="confirm-action">{{ confirmKey() | t }}</button>
    </div>
  `,
  styles: `
    .form { display: flex; flex-direction: column; gap: 4px; min-width: min(420px, 80vw); }
    .who { font: var(--mat-sys-title-small); margin: 0 0 8px; }
    .note, .warn, .queued { display: flex; gap: 8px; align-items: flex-start; font: var(--mat-sys-body-medium); }
    .warn { color: var(--mat-sys-error); }
    .queued { color: var(--mat-sys-on-surface-variant); }
    .label { margin: 4px 0; font: var(--mat-sys-body-medium); }
    .optional { color: var(--mat-sys-on-surface-variant); }
    .error { color: var(--mat-sys-error); }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CardActionDialog {
  readonly data = inject<CardActionDialogData>(MAT_DIALOG_DATA);
  private readonly ref = inject<MatDialogRef<CardActionDialog, CardActionResult>>(MatDialogRef);
  readonly card = this.data.card;
  readonly kindKey = requestKindKey(this.data.kind);
  readonly reasons = REPLACEMENT_REASONS;
  readonly reasonKey = replacementReasonKey;
  readonly signature = signal<string | null>(null);
  readonly invalid = signal(false);
  readonly branchOptions = computed(() =>
    this.data.branches.length ? this.data.branches : [{ code: this.card.branchCode, name: '' } as LocalBranch],
  );

  readonly form = new FormGroup({
    note: new FormControl('', { nonNullable: true }),
    email: new FormControl(this.card.holder.email ?? '', { nonNullable: true, validators: [Validators.email] }),
    phone: new FormControl(this.card.holder.phone ?? '', { nonNullable: true }),
    reason: new FormControl<ReplacementReason | null>(null),
    branchCode: new FormControl(this.card.branchCode, { nonNullable: true }),
    receivedBy: new FormControl(`${this.card.holder.firstName ?? ''} ${this.card.holder.lastName ?? ''}`.trim(), { nonNullable: true }),
    receivedByIdNumber: new FormControl(this.card.holder.idNumber ?? '', { nonNullable: true }),
  });

  hasNote(): boolean {
    return ['card.block', 'card.unblock', 'card.cancel', 'card.pin'].includes(this.data.kind);
  }

  confirmKey() {
    return this.data.kind === 'card.plastic-delivered' ? ('delivery.confirm' as const) : ('cardAction.confirm' as const);
  }

  invalidKey() {
    switch (this.data.kind) {
      case 'card.holder-update':
        return 'cardAction.holder.invalid' as const;
      case 'card.replacement':
        return 'cardAction.replacement.invalid' as const;
      case 'card.plastic-delivered':
        return 'delivery.invalid' as const;
      default:
        return 'cardAction.invalid' as const;
    }
  }

  submit(): void {
    const payload = this.payload();
    const checked = cardRequestPayloadSchemas[this.data.kind].safeParse(payload);
    if (!checked.success) {
      this.invalid.set(true);
      return;
    }
    this.ref.close(checked.data as CardActionResult);
  }

  private payload(): Record<string, unknown> {
    const v = this.form.getRawValue();
    const note = v.note.trim() ? { note: v.note.trim() } : {};
    switch (this.data.kind) {
      case 'card.block':
      case 'card.unblock':
      case 'card.cancel':
      case 'card.pin':
        return note;
      case 'card.holder-update': {
        const out: Record<string, string> = {};
        const email = v.email.trim();
        const phone = v.phone.trim();
        if (email && email !== (this.card.holder.email ?? '')) out['email'] = email;
        if (phone && phone !== (this.card.holder.phone ?? '')) out['phone'] = phone;
        return out;
      }
      case 'card.replacement':
        return { reason: v.reason, branchCode: v.branchCode };
      case 'card.plastic-received':
        return { receivedAt: new Date().toISOString() };
      case 'card.plastic-delivered': {
        const signature = this.signature();
        return {
          deliveredAt: new Date().toISOString(),
          receivedBy: v.receivedBy.trim(),
          ...(v.receivedByIdNumber.trim() ? { receivedByIdNumber: v.receivedByIdNumber.trim() } : {}),
          ...(signature ? { signatureDataUrl: signature } : {}),
        };
      }
    }
  }
}
