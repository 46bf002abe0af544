import type { ApiFailure } from '../../core/api/api-failure';
import type { MessageKey } from '../../core/i18n/es';

/** What to tell the user about a refused action: a catalogue key, or the server's own (Spanish) words. */
export interface FailureText {
  key: MessageKey | null;
  serverText: string | null;
}

/** Codes the server uses for a wrong or expired one-time code. */
const OTP_CODES = new Set(['INVALID_OTP', 'OTP_INVALID', 'ONE_TIME_CODE_INVALID', 'OTP_EXPIRED', 'OTP_REQUIRED']);

/**
 * A failed step-up action (lot confirmation, signature, order payment...). The server's message is
 * specific for state and rule refusals ("el lote está Autorizado"), so it is shown as sent; the
 * catalogue covers what the client can tell by itself.
 */
export function actionFailureText(failure: ApiFailure): FailureText {
  if (failure.status === 0 || (failure.status === 504 && !failure.code)) return { key: 'error.offline', serverText: null };
  if (failure.code === 'INVALID_PASSWORD') return { key: 'stepUp.error.password', serverText: null };
  if (failure.code && OTP_CODES.has(failure.code)) return { key: 'stepUp.error.otp', serverText: null };
  if (failure.status === 423) return { key: 'login.error.locked', serverText: null };
  if (failure.status === 429) return { key: 'error.rateLimited', serverText: null };
  if (failure.message && failure.status >= 400 && failure.status < 500) return { key: null, serverText: failure.message };
  if (failure.status === 403) return { key: 'action.error.forbidden', serverText: null };
  if (failure.status === 404) return { key: 'action.error.notFound', serverText: null };
  if (failure.status === 409) return { key: 'action.error.conflict', serverText: null };
  return { key: 'error.unexpected', serverText: null };
}

/** Failures that make every further call of a batch pointless (and, for a password, count towards lockout). */
export function stopsBatch(failure: ApiFailure): boolean {
  return (
    failure.code === 'INVALID_PASSWORD' ||
    (failure.code !== null && OTP_CODES.has(failure.code)) ||
    failure.status === 0 ||
    failure.status === 401 ||
    failure.status === 423 ||
    failure.status === 429 ||
    (failure.status === 504 && !failure.code)
  );
}
