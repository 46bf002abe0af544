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
  'deviceId',
  'otp',
  'temporaryPassword',
  'code',
  'pan',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.deviceCode',
  // the installation id that spares a known device the e-mailed code: with the password, it signs in
  '*.deviceId',
  '*.otp',
  '*.temporaryPassword',
  '*.pan',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'headers.authorization',
  'headers["x-api-key"]',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redactado]' }, base: { app: 'conexion-empresas' } },
    destination,
  );
}
