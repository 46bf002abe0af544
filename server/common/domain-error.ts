import { isNotFound } from '../store/documents';

/**
 * What a service says when a domain rule refuses an action. Services know nothing of HTTP;
 * the HTTP layer maps `kind` to a status (server/http/error-handler.ts).
 */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'too_large'
  | 'rate_limited';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: unknown) =>
  new DomainError('invalid', code, message, details);
export const forbidden = (message = 'No tiene permiso para esta operación.', code = 'FORBIDDEN') =>
  new DomainError('forbidden', code, message);
export const notFound = (message = 'No encontrado.', code = 'NOT_FOUND') => new DomainError('not_found', code, message);
/**
 * For a store call's `.catch`: the document's absence (the store's 404) becomes the domain's
 * not-found with its Spanish message and code; any other failure goes on as it came.
 */
export const notFoundWhenMissing =
  (message: string, code: string) =>
  (err: unknown): never => {
    if (isNotFound(err)) throw notFound(message, code);
    throw err;
  };
export const conflict = (code: string, message: string) => new DomainError('conflict', code, message);
