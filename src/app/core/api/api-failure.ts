import { HttpErrorResponse } from '@angular/common/http';
import { isApiErrorBody } from '../../../domain/api-error';

/** The login answer's code when the server has e-mailed a code for a device it does not know. */
export const DEVICE_CODE_REQUIRED = 'DEVICE_CODE_REQUIRED';
/** The e-mailed code was wrong or expired: signing in again (without a code) sends a new one. */
export const DEVICE_CODE_INVALID = 'DEVICE_CODE_INVALID';

/** What the UI needs to know about a failed call: HTTP status (0 = unreachable) and the API's code. */
export interface ApiFailure {
  status: number;
  code: string | null;
  message: string | null;
  /** The API error's `details`, when it sent any (e.g. `{ rule }` of a refused password). */
  details?: unknown;
}

export function toApiFailure(error: unknown): ApiFailure {
  if (error instanceof HttpErrorResponse) {
    const body = error.error;
    return isApiErrorBody(body)
      ? { status: error.status, code: body.error.code, message: body.error.message, ...(body.error.details === undefined ? {} : { details: body.error.details }) }
      : { status: error.status, code: null, message: null };
  }
  return { status: -1, code: null, message: null };
}

/**
 * The network or the server is out of reach: status 0 from the browser, or the 504 without an API
 * body that Angular's service worker answers when its own fetch fails.
 */
export function isUnreachable(error: unknown): boolean {
  if (!(error instanceof HttpErrorResponse)) return false;
  return error.status === 0 || (error.status === 504 && !isApiErrorBody(error.error));
}
