import { PASSWORD_POLICY } from './session';

/**
 * The password policy (PRODUCT.md chapter 1) as a pure check the sign-in form and the server both
 * run. What needs secrets (the last passwords, kept only as hashes) is checked by the server alone.
 */
export type PasswordRule = 'length' | 'user-id' | 'common' | 'history';

export interface PasswordPolicyFailure {
  rule: PasswordRule;
  message: string;
}

export const PASSWORD_RULE_MESSAGES: Record<PasswordRule, string> = {
  length: `La contraseña debe tener entre ${PASSWORD_POLICY.minLength} y ${PASSWORD_POLICY.maxLength} caracteres.`,
  'user-id': 'La contraseña no puede ser ni contener el usuario.',
  common: 'La contraseña es demasiado común; elija otra menos predecible.',
  history: `La contraseña no puede ser ninguna de las últimas ${PASSWORD_POLICY.historySize} que usó.`,
};

export interface PasswordPolicyInput {
  /** the account's user id; the password may not equal or contain it (case-insensitive) */
  userId: string;
  /** true when the password is in the list of common passwords (the server ships the list) */
  isCommon?: (lowercasePassword: string) => boolean;
}

/** Length is counted in characters (code points), not UTF-16 units. */
export function passwordLength(password: string): number {
  return [...password].length;
}

/** The first rule the password breaks, or null when it passes every rule checkable without secrets. */
export function checkPasswordPolicy(password: string, input: PasswordPolicyInput): PasswordPolicyFailure | null {
  const length = passwordLength(password);
  if (length < PASSWORD_POLICY.minLength || length > PASSWORD_POLICY.maxLength) {
    return { rule: 'length', message: PASSWORD_RULE_MESSAGES.length };
  }
  const lower = password.toLowerCase();
  const userId = input.userId.trim().toLowerCase();
  if (userId.length > 0 && lower.includes(userId)) {
    return { rule: 'user-id', message: PASSWORD_RULE_MESSAGES['user-id'] };
  }
  if (input.isCommon?.(lower)) {
    return { rule: 'common', message: PASSWORD_RULE_MESSAGES.common };
  }
  return null;
}
