import { randomInt } from 'node:crypto';
import { forbidden, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { recordAudit } from '../audit/audit.service';
import { revokeAllSessions, type RequestMeta } from '../auth/auth.service';
import { hashPassword, nextHistory } from '../auth/passwords';
import type { UserDoc } from './accounts.model';
import * as store from './accounts.store';

/**
 * Who may manage an account: operators (any account) and users holding users.manage in a company the
 * target belongs to. Others get 403 without users.manage anywhere and 404 for accounts they may not
 * see (so a manager cannot probe other companies' user ids). Answers the company the action is in.
 */
async function managedTarget(
  ctx: ServerContext,
  actor: UserDoc,
  targetUserId: string,
  action: string,
  meta: RequestMeta,
): Promise<{ companyId: string | null }> {
  if (actor.role === 'operator') {
    if (!(await store.getUser(ctx, targetUserId))) throw notFound('Usuario no encontrado.', 'USER_NOT_FOUND');
    return { companyId: null };
  }
  const managed = actor.memberships.filter((m) => m.permissions.includes('users.manage')).map((m) => m.companyId);
  if (managed.length === 0) {
    await recordAudit(ctx, { userId: actor.userId, companyId: null, action, outcome: 'refused', reason: 'no_permission', details: { targetUserId }, ...meta });
    throw forbidden();
  }
  const target = await store.getUser(ctx, targetUserId);
  const shared = target?.role === 'company' ? target.memberships.find((m) => managed.includes(m.companyId)) : undefined;
  if (!shared) throw notFound('Usuario no encontrado.', 'USER_NOT_FOUND');
  return { companyId: shared.companyId };
}

/** Unlocks an account locked by failed sign-ins. */
export async function unlockUser(ctx: ServerContext, actor: UserDoc, targetUserId: string, meta: RequestMeta): Promise<void> {
  const { companyId } = await managedTarget(ctx, actor, targetUserId, 'auth.unlock', meta);
  await store.updateUser(ctx, targetUserId, (u) =>
    !u.lockedAt && u.failedAttempts === 0 ? null : { ...u, lockedAt: null, failedAttempts: 0, updatedAt: ctx.now().toISOString() },
  );
  await recordAudit(ctx, { userId: actor.userId, companyId, action: 'auth.unlock', outcome: 'ok', details: { targetUserId }, ...meta });
}

/**
 * Sets a one-time password that the user must change at the next sign-in (PRODUCT.md chapter 1: a
 * password set by someone else forces a change). It is answered once and never stored in clear; the
 * account is unlocked and every open session of the user is closed.
 */
export async function resetUserPassword(
  ctx: ServerContext,
  actor: UserDoc,
  targetUserId: string,
  meta: RequestMeta,
): Promise<{ temporaryPassword: string }> {
  if (actor.userId === targetUserId) throw forbidden('Use el cambio de contraseña de su perfil.', 'OWN_ACCOUNT');
  const { companyId } = await managedTarget(ctx, actor, targetUserId, 'users.password_reset', meta);
  const temporaryPassword = oneTimePassword();
  const hash = await hashPassword(ctx, temporaryPassword);
  const at = ctx.now().toISOString();
  await store.updateUser(ctx, targetUserId, (u) => ({
    ...u,
    passwordHash: hash,
    passwordHistory: nextHistory(hash, u.passwordHistory),
    passwordChangedAt: at,
    mustChangePassword: true,
    failedAttempts: 0,
    lockedAt: null,
    updatedAt: at,
  }));
  await revokeAllSessions(ctx, targetUserId, 'password_reset_by_manager');
  await recordAudit(ctx, { userId: actor.userId, companyId, action: 'users.password_reset', outcome: 'ok', details: { targetUserId }, ...meta });
  return { temporaryPassword };
}

/** 14 characters from every class, without look-alikes (it is read out or typed from a screen). */
function oneTimePassword(): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '#$%&*+?@'];
  const all = classes.join('');
  const chars = classes.map((c) => c[randomInt(c.length)]);
  while (chars.length < 14) chars.push(all[randomInt(all.length)]);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j], chars[i]];
  }
  return chars.join('');
}
