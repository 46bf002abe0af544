import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { checkPasswordPolicy } from '../../../domain/password-policy';
import { PASSWORD_POLICY } from '../../../domain/session';
import type { MessageKey } from '../../core/i18n/es';
import type { MessageParams } from '../../core/i18n/translator';

/**
 * The shared policy check (src/domain/password-policy.ts, the one the server runs) before submitting.
 * History and the common-password list need the server; the form still tells them as hints.
 */
export function newPasswordValidator(userId: () => string | null): ValidatorFn {
  return (control: AbstractControl): ValidationErrors | null => {
    const value = String(control.value ?? '');
    if (!value) return null;
    const failure = checkPasswordPolicy(value, { userId: userId() ?? '' });
    if (failure?.rule === 'length') return { passwordLength: true };
    if (failure?.rule === 'user-id') return { passwordIsUserId: true };
    return null;
  };
}

/** Group validator: `newPassword` and `confirmPassword` must be equal. */
export const passwordsMatch: ValidatorFn = (group: AbstractControl): ValidationErrors | null => {
  const next = group.get('newPassword')?.value;
  const confirm = group.get('confirmPassword')?.value;
  return confirm && next !== confirm ? { passwordMismatch: true } : null;
};

export interface Hint {
  key: MessageKey;
  params?: MessageParams;
}

export const LENGTH_PARAMS = { min: PASSWORD_POLICY.minLength, max: PASSWORD_POLICY.maxLength };

export function policyHints(withUserId: boolean): Hint[] {
  return [
    { key: 'password.hint.length', params: LENGTH_PARAMS },
    ...(withUserId ? [{ key: 'password.hint.notUserId' } as Hint] : []),
    { key: 'password.hint.history', params: { count: PASSWORD_POLICY.historySize } },
    { key: 'password.hint.common' },
  ];
}

/** The message for the first error of the new-password field (or the group mismatch). */
export function newPasswordErrorKey(errors: ValidationErrors | null | undefined): MessageKey | null {
  if (!errors) return null;
  if (errors['required']) return 'common.required';
  if (errors['passwordLength']) return 'password.error.length';
  if (errors['passwordIsUserId']) return 'password.error.userId';
  return null;
}
