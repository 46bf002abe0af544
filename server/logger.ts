import pino from 'pino';

/**
 * JSON logs. Anything that can carry a secret is redacted at the source, so a careless
 * `log.info({ body })` cannot leak a password, token, code or card number.
 */
export const REDACTED_PATHS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'deviceCode',
  'code',
  'pan',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.deviceCode',
  '*.pan',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redactado]' }, base: { app: 'conexion-empresas' } },
    destination,
  );
}
