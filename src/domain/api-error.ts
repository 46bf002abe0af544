/** The error body of every API failure (API.md): `{ "error": { "code", "message" } }`. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  const error = (value as ApiErrorBody | null)?.error;
  return !!error && typeof error.code === 'string' && typeof error.message === 'string';
}
