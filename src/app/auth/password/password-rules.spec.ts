import { FormControl, FormGroup } from '@angular/forms';
import { newPasswordErrorKey, newPasswordValidator, passwordsMatch } from './password-rules';

describe('password rules (client side)', () => {
  const check = (value: string, userId: string | null = 'carga') => newPasswordValidator(() => userId)(new FormControl(value));

  it('asks for 8 to 64 characters', () => {
    expect(check('Ab#12')).toEqual({ passwordLength: true });
    expect(check('x'.repeat(65))).toEqual({ passwordLength: true });
    expect(check('Valida#2026')).toBeNull();
  });

  it('refuses the user id (or a password containing it)', () => {
    expect(check('CARGA#2026x')).toEqual({ passwordIsUserId: true });
    expect(check('CARGA#2026x', null)).toBeNull();
  });

  it('maps errors to catalogue keys', () => {
    expect(newPasswordErrorKey({ passwordLength: true })).toBe('password.error.length');
    expect(newPasswordErrorKey({ passwordIsUserId: true })).toBe('password.error.userId');
    expect(newPasswordErrorKey(null)).toBeNull();
  });

  it('wants the new password typed twice the same', () => {
    const group = new FormGroup(
      { newPassword: new FormControl('Valida#2026'), confirmPassword: new FormControl('Valida#2027') },
      { validators: passwordsMatch },
    );
    expect(group.hasError('passwordMismatch')).toBeTrue();
    group.controls.confirmPassword.setValue('Valida#2026');
    expect(group.hasError('passwordMismatch')).toBeFalse();
  });
});
