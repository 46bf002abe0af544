import { checkPasswordPolicy } from './password-policy';

describe('password policy (shared pure rules)', () => {
  const common = new Set(['password123', 'contrasena1']);
  const check = (p: string, userId = 'maria.perez') => checkPasswordPolicy(p, { userId, isCommon: (x) => common.has(x) })?.rule ?? null;

  it('accepts 8 to 64 characters, counted as characters', () => {
    expect(check('Abcdef1!')).toBeNull();
    expect(check('A'.repeat(64))).toBeNull();
    expect(check('Abcde1!')).toBe('length');
    expect(check('A'.repeat(65))).toBe('length');
    // 7 characters although JavaScript counts 9 UTF-16 units
    expect(check('ñandú🙂🙂')).toBe('length');
    expect(check('ñandú🙂🙂🙂')).toBeNull();
  });

  it('refuses a password equal to or containing the user id, whatever the case', () => {
    expect(check('maria.perez')).toBe('user-id');
    expect(check('X-MARIA.PEREZ-2026')).toBe('user-id');
  });

  it('refuses common passwords compared in lowercase', () => {
    expect(check('Password123')).toBe('common');
    expect(check('CONTRASENA1')).toBe('common');
  });
});
