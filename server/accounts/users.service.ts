import { forbidden, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { recordAudit } from '../audit/audit.service';
import type { RequestMeta } from '../auth/auth.service';
import type { UserDoc } from './accounts.model';
import * as store from './accounts.store';

/**
 * Unlocks an account locked by failed sign-ins. Allowed to operators (any account) and to users
 * holding users.manage in a company the locked user belongs to. Others: 403 without users.manage
 * anywhere, 404 when the account is not one they may see.
 */
export async function unlockUser(ctx: ServerContext, actor: UserDoc, targetUserId: string, meta: RequestMeta): Promise<void> {
  let companyId: string | null = null;
  if (actor.role !== 'operator') {
    const managed = actor.memberships.filter((m) => m.permissions.includes('users.manage')).map((m) => m.companyId);
    if (managed.length === 0) {
      await recordAudit(ctx, { userId: actor.userId, companyId: null, action: 'auth.unlock', outcome: 'refused', reason: 'no_permission', details: { targetUserId }, ...meta });
      throw forbidden();
    }
    const target = await store.getUser(ctx, targetUserId);
    const shared = target?.role === 'company' ? target.memberships.find((m) => managed.includes(m.companyId)) : undefined;
    if (!shared) throw notFound('Usuario no encontrado.', 'USER_NOT_FOUND');
    companyId = shared.companyId;
  } else if (!(await store.getUser(ctx, targetUserId))) {
    throw notFound('Usuario no encontrado.', 'USER_NOT_FOUND');
  }
  await store.updateUser(ctx, targetUserId, (u) =>
    !u.lockedAt && u.failedAttempts === 0 ? null : { ...u, lockedAt: null, failedAttempts: 0, updatedAt: ctx.now().toISOString() },
  );
  await recordAudit(ctx, { userId: actor.userId, companyId, action: 'auth.unlock', outcome: 'ok', details: { targetUserId }, ...meta });
}
