import type { Request, Response } from 'express';
import type { ServerContext } from '../context';
import type { AuditEntry, AuditOrigin } from './audit.model';
import { auditId, insertAudit } from './audit.store';

export type AuditInput = Omit<AuditEntry, 'at'> & { at?: string };

const SECRET_KEYS = /^(password|currentPassword|newPassword|passwordHash|token|accessToken|refreshToken|secret|deviceCode|code|otp|pan)$/i;

/**
 * Appends one entry to the audit log. Awaited by callers: an action whose entry cannot be written
 * fails rather than happening unrecorded. Details are checked for keys that look like secrets.
 */
export async function recordAudit(ctx: ServerContext, entry: AuditInput): Promise<void> {
  const at = entry.at ?? ctx.now().toISOString();
  if (entry.details) {
    for (const key of Object.keys(entry.details)) {
      if (SECRET_KEYS.test(key)) throw new Error(`audit details may not carry "${key}"`);
    }
  }
  const doc = {
    _id: auditId(at),
    type: 'audit' as const,
    at,
    userId: entry.userId,
    companyId: entry.companyId,
    action: entry.action,
    origin: entry.origin,
    ip: entry.ip,
    outcome: entry.outcome,
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.details ? { details: entry.details } : {}),
  };
  await insertAudit(ctx, doc);
}

/** Where a request came from, for the audit log: ERP clients use an API key, people the web app. */
export function requestOrigin(req: Request): { origin: AuditOrigin; ip: string | null } {
  return { origin: req.get('x-api-key') ? 'api' : 'web', ip: req.ip ?? req.socket.remoteAddress ?? null };
}

/**
 * The one call a route makes to audit the operation it just ran (or refused): user, company, origin
 * and IP come from the request and what requireAuth/requirePermission set on it, so a feature only
 * names the action, its outcome and non-secret details.
 */
export async function auditRequest(
  ctx: ServerContext,
  req: Request,
  res: Response,
  entry: { action: string; outcome?: AuditEntry['outcome']; reason?: string; details?: Record<string, unknown>; companyId?: string | null },
): Promise<void> {
  const auth = res.locals.auth as { userId?: string } | undefined;
  const companyId = entry.companyId !== undefined ? entry.companyId : ((res.locals.companyId as string | undefined) ?? null);
  await recordAudit(ctx, {
    userId: auth?.userId ?? null,
    companyId,
    action: entry.action,
    outcome: entry.outcome ?? 'ok',
    ...(entry.reason ? { reason: entry.reason } : {}),
    ...(entry.details ? { details: entry.details } : {}),
    ...requestOrigin(req),
  });
}
