import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { ControlContainer, ReactiveFormsModule } from '@angular/forms';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { MessageKey } from '../../core/i18n/es';
import { TPipe } from '../../core/i18n/t.pipe';

/**
 * One labelled text input of a form: the label, an optional hint, the message shown when the control
 * is invalid. It binds by control name to the enclosing `[formGroup]`, whose validators stay where the
 * form is built. The host element is what the form lays out: a class on it (`wide`) spans a grid row
 * exactly as it did on the `mat-form-field`.
 */
@Component({
  selector: 'app-text-field',
  imports: [MatFormFieldModule, MatInputModule, ReactiveFormsModule, TPipe],
  // the enclosing form's group, so that formControlName resolves across this component's boundary
  viewProviders: [{ provide: ControlContainer, useFactory: () => inject(ControlContainer, { skipSelf: true }) }],
  template: `
    <mat-form-field>
      <mat-label>{{ label() | t }}</mat-label>
      <input matInput [formControlName]="name()" [type]="type()" [maxlength]="maxlength()" [attr.inputmode]="inputmode()"
             [attr.autocapitalize]="autocapitalize()" [attr.data-testid]="testid()" />
      @if (hint(); as h) {
        <mat-hint>{{ h | t }}</mat-hint>
      }
      @if (error(); as e) {
        <mat-error>{{ e | t }}</mat-error>
      }
    </mat-form-field>
  `,
  // a column flex box: the form field fills the host's width with no inline line box under it
  styles: `:host { display: flex; flex-direction: column; }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TextField {
  /** the control's name in the enclosing form group */
  readonly name = input.required<string>();
  readonly label = input.required<MessageKey>();
  readonly maxlength = input.required<number>();
  readonly hint = input<MessageKey>();
  /** shown when the control is invalid (touched or the form submitted) */
  readonly error = input<MessageKey>();
  readonly type = input<'text' | 'email'>('text');
  readonly inputmode = input<'tel' | 'numeric'>();
  readonly autocapitalize = input<'characters' | 'none'>();
  readonly testid = input<string>();
}
