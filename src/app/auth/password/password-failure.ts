import type { ApiFailure } from '../../core/api/api-failure';
import type { MessageKey } from '../../core/i18n/es';

/** A refused password: the server's policy message is specific (which rule), so it is shown as sent. */
export interface PasswordFailureText {
  key: MessageKey | null;
  serverText: string | null;
}

export function passwordFailureText(failure: ApiFailure): PasswordFailureText {
  if (failure.code === 'PASSWORD_POLICY') {
    return failure.message ? { key: null, serverText: failure.message } : { key: 'password.error.policy', serverText: null };
  }
  if (failure.status === 0 || (failure.status === 504 && !failure.code)) return { key: 'error.offline', serverText: null };
  if (failure.status === 423) return { key: 'login.error.locked', serverText: null };
  if (failure.status === 429) return { key: 'error.rateLimited', serverText: null };
  return { key: 'error.unexpected', serverText: null };
}
