import { PASSWORD_POLICY } from '../../../domain/session';
import type { PasswordRule } from '../../../domain/password-policy';
import type { ApiFailure } from '../../core/api/api-failure';
import type { MessageKey } from '../../core/i18n/es';
import type { MessageParams } from '../../core/i18n/translator';

/** A refused password, as a catalogue text; the server's own wording only for a rule the app does not know. */
export interface PasswordFailureText {
  key: MessageKey | null;
  params?: MessageParams;
  serverText: string | null;
}

/** The policy rule the server names in `details.rule` → the catalogue's text for it (es.ts). */
const RULE_TEXT: Record<PasswordRule, Omit<PasswordFailureText, 'serverText'>> = {
  length: { key: 'password.error.length', params: { min: PASSWORD_POLICY.minLength, max: PASSWORD_POLICY.maxLength } },
  'user-id': { key: 'password.error.userId' },
  common: { key: 'password.error.common' },
  history: { key: 'password.error.history', params: { count: PASSWORD_POLICY.historySize } },
};

export function passwordFailureText(failure: ApiFailure): PasswordFailureText {
  if (failure.code === 'PASSWORD_POLICY') {
    const rule = (failure.details as { rule?: unknown } | undefined)?.rule;
    if (typeof rule === 'string' && Object.hasOwn(RULE_TEXT, rule)) return { ...RULE_TEXT[rule as PasswordRule], serverText: null };
    return failure.message ? { key: null, serverText: failure.message } : { key: 'password.error.policy', serverText: null };
  }
  if (failure.status === 0 || (failure.status === 504 && !failure.code)) return { key: 'error.offline', serverText: null };
  if (failure.status === 423) return { key: 'login.error.locked', serverText: null };
  if (failure.status === 429) return { key: 'error.rateLimited', serverText: null };
  return { key: 'error.unexpected', serverText: null };
}
