import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { ApiErrorBody } from '../../src/domain/api-error';
import { DomainError, type DomainErrorKind } from '../common/domain-error';
import type { Logger } from '../logger';

const STATUS_BY_KIND: Record<DomainErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  too_large: 413,
  rate_limited: 429,
};

export function errorBody(code: string, message: string, details?: unknown): ApiErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function zodIssuesToDetails(error: ZodError) {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || null, problem: issue.message }));
}

export const notFoundHandler: RequestHandler = (_req, res) => {
  res.status(404).json(errorBody('NOT_FOUND', 'Recurso no encontrado.'));
};

/** The one place where failures become the API.md error body; nothing else writes error answers. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    if (res.headersSent) return;
    if (err instanceof DomainError) {
      res.status(STATUS_BY_KIND[err.kind]).json(errorBody(err.code, err.message, err.details));
      return;
    }
    if (err instanceof ZodError) {
      res.status(400).json(errorBody('VALIDATION', 'Datos inválidos.', zodIssuesToDetails(err)));
      return;
    }
    // body-parser marks its own failures with `type`.
    switch (err?.type) {
      case 'entity.parse.failed':
        res.status(400).json(errorBody('MALFORMED_JSON', 'El cuerpo de la solicitud no es JSON válido.'));
        return;
      case 'entity.too.large':
        res.status(413).json(errorBody('TOO_LARGE', 'La solicitud excede el tamaño permitido.'));
        return;
      case 'encoding.unsupported':
      case 'charset.unsupported':
        res.status(415).json(errorBody('UNSUPPORTED_ENCODING', 'Codificación no soportada.'));
        return;
    }
    if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      res.status(err.status).json(errorBody('BAD_REQUEST', 'Solicitud inválida.'));
      return;
    }
    log.error({ err, url: req.originalUrl, method: req.method }, 'unhandled error');
    res.status(500).json(errorBody('INTERNAL', 'Error interno. Intente de nuevo más tarde.'));
  };
}
