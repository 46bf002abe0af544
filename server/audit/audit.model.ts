/** One audit entry (PRODUCT.md "Audit"). Never holds a secret: no password, token, code or PAN. */
export type AuditOrigin = 'web' | 'offline-request' | 'api';
export type AuditOutcome = 'ok' | 'refused';

export interface AuditEntry {
  at: string;
  userId: string | null;
  companyId: string | null;
  action: string;
  origin: AuditOrigin;
  ip: string | null;
  outcome: AuditOutcome;
  reason?: string;
  details?: Record<string, unknown>;
}

/** The sign-in and account actions this feature writes; other features add their own names. */
export const AUTH_AUDIT_ACTIONS = [
  'auth.login',
  'auth.lockout',
  'auth.unlock',
  'auth.refresh',
  'auth.refresh-reuse',
  'auth.logout',
  'auth.device-code-sent',
  'auth.device-verified',
  'auth.recover-requested',
  'auth.recover-used',
  'auth.password-changed',
] as const;
