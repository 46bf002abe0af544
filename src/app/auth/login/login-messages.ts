import { DEVICE_CODE_INVALID, type ApiFailure } from '../../core/api/api-failure';
import type { MessageKey } from '../../core/i18n/es';
import type { SignOutReason } from '../../core/session/session.actions';

/**
 * Sign-in failures shown to the user. A 401 is always the same generic text, whatever was wrong
 * (unknown user, wrong password): the page must not tell which user ids exist.
 */
export function loginErrorKey(failure: ApiFailure | null, deviceCodeAsked: boolean): MessageKey | null {
  if (!failure) return null;
  if (failure.code === DEVICE_CODE_INVALID) return 'login.error.deviceCodeInvalid';
  switch (failure.status) {
    case 400:
    case 401:
      return deviceCodeAsked ? 'login.error.invalidWithCode' : 'login.error.invalid';
    case 423:
      return 'login.error.locked';
    case 429:
      return 'login.error.rateLimited';
    case 0:
      return 'error.offline';
    case 504:
      return failure.code ? 'error.unexpected' : 'error.offline';
    default:
      return 'error.unexpected';
  }
}

export function signOutNoticeKey(reason: SignOutReason | null): MessageKey | null {
  switch (reason) {
    case 'inactivity':
      return 'login.notice.inactivity';
    case 'expired':
      return 'login.notice.expired';
    case 'user':
      return 'login.notice.signedOut';
    default:
      return null;
  }
}
