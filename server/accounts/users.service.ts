import { randomInt } from 'node:crypto';
import { PERMISSIONS, type Permission } from '../../src/domain/permissions';
import { conflict, forbidden, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { recordAudit } from '../audit/audit.service';
import { revokeAllSessions, type RequestMeta } from '../auth/auth.service';
import { hashPassword, nextHistory } from '../auth/passwords';
import type { UserCreate, UserDoc, UserPatch } from './accounts.model';
import { createUser, permissionsIn } from './accounts.service';
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
  await assertWholeAccountManaged(ctx, actor, target!, action, shared.companyId, meta);
  return { companyId: shared.companyId };
}

/**
 * An action on the account itself (password, unlock, block, e-mail) reaches every company the user
 * belongs to, so a company manager may take it only when they manage users in all of them; otherwise an
 * operator does. Operators pass.
 */
async function assertWholeAccountManaged(ctx: ServerContext, actor: UserDoc, target: UserDoc, action: string, companyId: string, meta: RequestMeta) {
  if (actor.role === 'operator') return;
  const managed = new Set(actor.memberships.filter((m) => m.permissions.includes('users.manage')).map((m) => m.companyId));
  if (target.memberships.every((m) => managed.has(m.companyId))) return;
  await recordAudit(ctx, { userId: actor.userId, companyId, action, outcome: 'refused', reason: 'other_company_user', details: { targetUserId: target.userId }, ...meta });
  throw forbidden('El usuario también pertenece a otra empresa: pida esta operación a un operador.', 'OTHER_COMPANY_USER');
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
  await assertHoldsEverythingOf(ctx, actor, targetUserId, companyId, meta);
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

/**
 * Whoever learns a one-time password can act as that user until it is changed, so a manager may reset
 * only the password of a user whose permissions they hold themselves, in every company (no escalation
 * by reset). Operators pass.
 */
async function assertHoldsEverythingOf(ctx: ServerContext, actor: UserDoc, targetUserId: string, companyId: string | null, meta: RequestMeta) {
  if (actor.role === 'operator') return;
  const target = (await store.getUser(ctx, targetUserId))!;
  const notHeld = target.memberships.flatMap((m) => {
    const held = permissionsIn(actor, m.companyId) ?? [];
    return m.permissions.filter((p) => !held.includes(p));
  });
  if (notHeld.length === 0) return;
  await recordAudit(ctx, { userId: actor.userId, companyId, action: 'users.password_reset', outcome: 'refused', reason: 'permission_not_held', details: { targetUserId, notHeld }, ...meta });
  throw forbidden('El usuario tiene permisos que usted no tiene: pida el restablecimiento a un operador.', 'PERMISSION_NOT_HELD');
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

// ---- the users of one company (users.manage in it, or an operator) -------------------------------

/** A user as a manager sees them, with the permissions they hold in that company. */
export function userView(u: UserDoc, companyId: string) {
  return {
    userId: u.userId,
    name: u.name,
    email: u.email,
    status: u.status,
    locked: !!u.lockedAt,
    mustChangePassword: u.mustChangePassword,
    permissions: [...(u.memberships.find((m) => m.companyId === companyId)?.permissions ?? [])].sort(
      (a, b) => PERMISSIONS.indexOf(a) - PERMISSIONS.indexOf(b),
    ),
    otherCompanies: u.memberships.filter((m) => m.companyId !== companyId).length,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
export type UserView = ReturnType<typeof userView>;

export async function listCompanyUsers(ctx: ServerContext, companyId: string): Promise<UserView[]> {
  return (await store.listUsersOfCompany(ctx, companyId)).map((u) => userView(u, companyId));
}

/** A company user of this company (operators and other companies' users are "not found"). */
async function companyTarget(ctx: ServerContext, companyId: string, targetUserId: string) {
  const target = await store.getUser(ctx, targetUserId);
  if (!target || target.role !== 'company' || !target.memberships.some((m) => m.companyId === companyId)) {
    throw notFound('Usuario no encontrado.', 'USER_NOT_FOUND');
  }
  return target;
}

/**
 * Nobody hands out what they do not hold: every permission added or taken away must be one the actor
 * holds in that company (operators hold all). Refusals are audited with what was asked.
 */
async function assertMayGrant(ctx: ServerContext, actor: UserDoc, companyId: string, changed: Permission[], action: string, targetUserId: string, meta: RequestMeta) {
  const held = permissionsIn(actor, companyId) ?? [];
  const notHeld = changed.filter((p) => !held.includes(p));
  if (notHeld.length === 0) return;
  await recordAudit(ctx, { userId: actor.userId, companyId, action, outcome: 'refused', reason: 'permission_not_held', details: { targetUserId, notHeld }, ...meta });
  throw forbidden(`No puede otorgar ni quitar permisos que usted no tiene: ${notHeld.join(', ')}.`, 'PERMISSION_NOT_HELD');
}

/**
 * Creates a company user with a one-time password, answered once and never stored in clear; the user
 * must change it at the first sign-in. A user id that exists anywhere is refused (ids are global).
 */
export async function createCompanyUser(
  ctx: ServerContext,
  actor: UserDoc,
  companyId: string,
  input: UserCreate,
  meta: RequestMeta,
): Promise<{ user: UserView; temporaryPassword: string }> {
  const permissions = [...new Set(input.permissions)];
  await assertMayGrant(ctx, actor, companyId, permissions, 'users.create', input.userId, meta);
  const temporaryPassword = oneTimePassword();
  const outcome = await createUser(ctx, {
    userId: input.userId,
    role: 'company',
    name: input.name,
    email: input.email,
    password: temporaryPassword,
    mustChangePassword: true,
    memberships: [{ companyId, permissions }],
  });
  if (outcome === 'exists') {
    await recordAudit(ctx, { userId: actor.userId, companyId, action: 'users.create', outcome: 'refused', reason: 'exists', details: { targetUserId: input.userId }, ...meta });
    throw conflict('USER_EXISTS', 'Ese usuario ya existe. Elija otro identificador.');
  }
  await recordAudit(ctx, { userId: actor.userId, companyId, action: 'users.create', outcome: 'ok', details: { targetUserId: input.userId, permissions }, ...meta });
  return { user: userView((await store.getUser(ctx, input.userId))!, companyId), temporaryPassword };
}

/**
 * Name, e-mail and this company's permissions of a user. Nobody changes their own permissions; the
 * e-mail (used for recovery, in every company) follows the whole-account rule.
 */
export async function updateCompanyUser(
  ctx: ServerContext,
  actor: UserDoc,
  companyId: string,
  targetUserId: string,
  patch: UserPatch,
  meta: RequestMeta,
): Promise<UserView> {
  const target = await companyTarget(ctx, companyId, targetUserId);
  if (patch.permissions && actor.userId === targetUserId) {
    await recordAudit(ctx, { userId: actor.userId, companyId, action: 'users.permissions', outcome: 'refused', reason: 'own_account', details: { targetUserId }, ...meta });
    throw forbidden('No puede cambiar sus propios permisos: pídalo a otro administrador.', 'OWN_PERMISSIONS');
  }
  if (patch.email !== undefined && patch.email !== target.email && actor.userId !== targetUserId) {
    await assertWholeAccountManaged(ctx, actor, target, 'users.update', companyId, meta);
  }
  const wanted = patch.permissions ? [...new Set(patch.permissions)] : null;
  if (wanted) {
    const current = target.memberships.find((m) => m.companyId === companyId)!.permissions;
    const changed = [...wanted.filter((p) => !current.includes(p)), ...current.filter((p) => !wanted.includes(p))];
    await assertMayGrant(ctx, actor, companyId, changed, 'users.permissions', targetUserId, meta);
  }
  let before: UserDoc | null = null;
  const updated = await store.updateUser(ctx, targetUserId, (u) => {
    before = u;
    const membership = u.memberships.find((m) => m.companyId === companyId);
    if (!membership) throw notFound('Usuario no encontrado.', 'USER_NOT_FOUND');
    const next: UserDoc = {
      ...u,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      memberships: wanted ? u.memberships.map((m) => (m.companyId === companyId ? { ...m, permissions: wanted } : m)) : u.memberships,
    };
    return JSON.stringify(next) === JSON.stringify(u) ? null : { ...next, updatedAt: ctx.now().toISOString() };
  });
  const was = before as UserDoc | null;
  const wasPermissions = was?.memberships.find((m) => m.companyId === companyId)?.permissions ?? [];
  await recordAudit(ctx, {
    userId: actor.userId,
    companyId,
    action: wanted ? 'users.permissions' : 'users.update',
    outcome: 'ok',
    details: {
      targetUserId,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.email !== undefined ? { email: patch.email } : {}),
      ...(wanted ? { permissionsBefore: wasPermissions, permissionsAfter: wanted } : {}),
    },
    ...meta,
  });
  return userView(updated!, companyId);
}

/**
 * Blocks or unblocks a user (a blocked user cannot sign in; blocking closes their sessions, and their
 * devices lose access at the next sync). Nobody blocks themselves.
 */
export async function setUserBlocked(
  ctx: ServerContext,
  actor: UserDoc,
  companyId: string,
  targetUserId: string,
  blocked: boolean,
  meta: RequestMeta,
): Promise<UserView> {
  const action = blocked ? 'users.block' : 'users.unblock';
  if (actor.userId === targetUserId) {
    await recordAudit(ctx, { userId: actor.userId, companyId, action, outcome: 'refused', reason: 'own_account', details: { targetUserId }, ...meta });
    throw forbidden('No puede bloquear ni desbloquear su propio usuario.', 'OWN_ACCOUNT');
  }
  const target = await companyTarget(ctx, companyId, targetUserId);
  await assertWholeAccountManaged(ctx, actor, target, action, companyId, meta);
  const status = blocked ? 'blocked' : 'active';
  const updated = await store.updateUser(ctx, targetUserId, (u) =>
    u.status === status ? null : { ...u, status, updatedAt: ctx.now().toISOString() },
  );
  if (blocked) await revokeAllSessions(ctx, targetUserId, 'blocked_by_manager');
  await recordAudit(ctx, { userId: actor.userId, companyId, action, outcome: 'ok', details: { targetUserId }, ...meta });
  return userView(updated!, companyId);
}
