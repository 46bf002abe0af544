import { randomUUID } from 'node:crypto';
import type { LoginAnswer, RefreshAnswer, SessionUser } from '../../src/domain/session';
import { isUserId, normalizeUserId, type UserDoc } from '../accounts/accounts.model';
import { sessionUserOf } from '../accounts/accounts.service';
import { isApiKeyPrincipal, verifyApiKeyStepUp } from '../api-keys/api-key-auth';
import * as accounts from '../accounts/accounts.store';
import type { AuditOrigin } from '../audit/audit.model';
import { recordAudit } from '../audit/audit.service';
import { DomainError } from '../common/domain-error';
import type { ServerContext } from '../context';
import { mailerOf } from '../mail/mailer';
import { issueCode, spendCode } from '../one-time-codes/codes';
import type { Stored } from '../store/documents';
import {
  accountLocked,
  deviceCodeInvalid,
  deviceCodeRequired,
  invalidCredentials,
  invalidSession,
  invalidToken,
  wrongCurrentPassword,
} from './auth.errors';
import { signAccessToken, type TokenScope } from './jwt';
import { assertPasswordPolicy, hashPassword, nextHistory, passwordExpired, verifyAgainstDummy, verifyPassword } from './passwords';
import * as sessions from './sessions.store';
import * as tokens from './tokens.store';

/** Where a request came from; every audit entry carries it. */
export interface RequestMeta {
  ip: string | null;
  origin: AuditOrigin;
}

export const MAX_FAILED_ATTEMPTS = 5;
export const RESET_TOKEN_TTL_MS = 15 * 60_000;
const MAX_KNOWN_DEVICES = 20;
const SESSION_CACHE_MS = 5_000;

// ---- sign-in -------------------------------------------------------------------------------------

export interface LoginInput {
  userId: string;
  password: string;
  deviceId?: string;
  deviceCode?: string;
}

/**
 * Sign-in (PRODUCT.md chapter 1). Every refusal for a wrong user id, password or blocked account is
 * the same 401; the reason goes only to the audit log. A locked account answers 423.
 */
export async function login(ctx: ServerContext, input: LoginInput, meta: RequestMeta): Promise<LoginAnswer> {
  const attempted = normalizeUserId(input.userId);
  const known = isUserId(attempted);
  const audit = (outcome: 'ok' | 'refused', action: string, reason?: string, details?: Record<string, unknown>) =>
    recordAudit(ctx, { userId: known ? attempted : null, companyId: null, action, outcome, reason, details, ...meta });

  const user = known ? await accounts.getUser(ctx, attempted) : null;
  if (!user) {
    await verifyAgainstDummy(ctx, input.password);
    await audit('refused', 'auth.login', 'unknown_user');
    throw invalidCredentials();
  }
  if (user.lockedAt) {
    // Same work as any attempt; the answer does not depend on the password.
    await verifyPassword(user.passwordHash, input.password);
    await audit('refused', 'auth.login', 'locked');
    throw accountLocked();
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    const locked = await countFailure(ctx, user.userId, meta, 'bad_password');
    if (locked) throw accountLocked();
    throw invalidCredentials();
  }
  if (user.status !== 'active') {
    await audit('refused', 'auth.login', 'blocked');
    throw invalidCredentials();
  }

  let current: Stored<UserDoc> = user;
  if (user.failedAttempts > 0) {
    let lockedMeanwhile = false;
    current = (await accounts.updateUser(ctx, user.userId, (u) => {
      lockedMeanwhile = !!u.lockedAt;
      if (lockedMeanwhile || u.failedAttempts === 0) return null;
      return { ...u, failedAttempts: 0, updatedAt: ctx.now().toISOString() };
    }))!;
    if (lockedMeanwhile) {
      await audit('refused', 'auth.login', 'locked');
      throw accountLocked();
    }
  }

  current = await checkDevice(ctx, current, input, meta);

  const mustChangePassword = current.mustChangePassword || passwordExpired(current.passwordChangedAt, ctx.now());
  const issued = await openSession(ctx, current.userId, mustChangePassword ? 'password-change' : 'full');
  await audit('ok', 'auth.login', undefined, { sid: issued.sid, mustChangePassword });
  return {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    mustChangePassword,
    user: await sessionUserOf(ctx, current),
  };
}

/** One more failure in a row (MVCC, so concurrent attempts all count); true when the account is now locked. */
async function countFailure(ctx: ServerContext, userId: string, meta: RequestMeta, reason: string): Promise<boolean> {
  let lockedNow = false;
  const updated = await accounts.updateUser(ctx, userId, (u) => {
    lockedNow = false;
    if (u.lockedAt) return null;
    const failedAttempts = u.failedAttempts + 1;
    const at = ctx.now().toISOString();
    lockedNow = failedAttempts >= MAX_FAILED_ATTEMPTS;
    return { ...u, failedAttempts, lockedAt: lockedNow ? at : null, updatedAt: at };
  });
  await recordAudit(ctx, {
    userId,
    companyId: null,
    action: 'auth.login',
    outcome: 'refused',
    reason,
    details: { failedAttempts: updated?.failedAttempts ?? null },
    ...meta,
  });
  if (lockedNow) {
    await recordAudit(ctx, { userId, companyId: null, action: 'auth.lockout', outcome: 'ok', reason: 'too_many_failures', ...meta });
  }
  return !!updated?.lockedAt;
}

// ---- new-device code (issued, checked and spent by one-time-codes/codes.ts) ---------------------

async function deviceCodeRequiredFor(ctx: ServerContext, user: UserDoc): Promise<boolean> {
  if (!user.email) return false; // nowhere to send a code (production operator without OPERATOR_EMAIL)
  if (user.role === 'operator') return (await accounts.getOperatorSettings(ctx))?.newDeviceCodeRequired ?? true;
  const companies = await Promise.all(user.memberships.map((m) => accounts.getCompany(ctx, m.companyId)));
  return companies.some((c) => c && c.status === 'active' && c.newDeviceCodeRequired !== false);
}

const deviceHashOf = (deviceId: string | undefined) => sessions.sha256(`device:${deviceId ?? ''}`);

async function checkDevice(ctx: ServerContext, user: Stored<UserDoc>, input: LoginInput, meta: RequestMeta) {
  if (!(await deviceCodeRequiredFor(ctx, user))) return user;
  const deviceHash = deviceHashOf(input.deviceId);
  if (input.deviceId && user.devices.some((d) => d.hash === deviceHash)) return user;
  const audit = (outcome: 'ok' | 'refused', action: string, reason?: string) =>
    recordAudit(ctx, { userId: user.userId, companyId: null, action, outcome, reason, ...meta });

  const docId = tokens.deviceCodeDocId(user.userId, deviceHash);
  if (!input.deviceCode) {
    const { code } = await issueCode<tokens.DeviceCodeDoc>(ctx, { _id: docId, type: 'device-code', userId: user.userId, deviceHash });
    await mailerOf(ctx).send({
      to: user.email!,
      subject: 'Código para un nuevo dispositivo — Conexión Empresas',
      text:
        `Hola, ${user.name}:\n\n` +
        `Alguien (seguramente usted) inició sesión como "${user.userId}" desde un dispositivo que no conocíamos.\n` +
        `Su código de verificación es: ${code}\n\n` +
        `Vence en 10 minutos y admite 5 intentos. Si no fue usted, cambie su contraseña de inmediato.\n`,
    });
    await audit('ok', 'auth.device-code-sent');
    throw deviceCodeRequired();
  }

  const outcome = await spendCode(ctx, docId, input.deviceCode);
  if (outcome !== 'ok') {
    await audit('refused', 'auth.device-verified', outcome === 'wrong' ? 'wrong_code' : 'code_unusable');
    throw deviceCodeInvalid();
  }
  await audit('ok', 'auth.device-verified');
  if (!input.deviceId) return user; // verified for this sign-in only: nothing to remember
  return (await accounts.updateUser(ctx, user.userId, (u) => {
    if (u.devices.some((d) => d.hash === deviceHash)) return null;
    const devices = [{ hash: deviceHash, addedAt: ctx.now().toISOString() }, ...u.devices].slice(0, MAX_KNOWN_DEVICES);
    return { ...u, devices, updatedAt: ctx.now().toISOString() };
  }))!;
}

// ---- sessions and tokens -------------------------------------------------------------------------

interface Issued {
  sid: string;
  accessToken: string;
  refreshToken: string;
}

async function openSession(ctx: ServerContext, userId: string, scope: TokenScope): Promise<Issued> {
  const sid = randomUUID();
  const at = ctx.now().toISOString();
  await sessions.insertSession(ctx, {
    _id: sessions.sessionDocId(sid),
    type: 'session',
    sid,
    userId,
    createdAt: at,
    lastRefreshAt: null,
    revokedAt: null,
    revokedReason: null,
  });
  const refreshToken = await issueRefresh(ctx, sid, userId);
  return { sid, refreshToken, accessToken: signAccessToken(ctx, { sub: userId, sid, scope }) };
}

async function issueRefresh(ctx: ServerContext, sid: string, userId: string): Promise<string> {
  const token = sessions.newOpaqueToken();
  const now = ctx.now();
  await sessions.insertRefresh(ctx, {
    _id: sessions.refreshDocId(sessions.sha256(token)),
    type: 'refresh',
    sid,
    userId,
    issuedAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + ctx.config.refreshTokenTtlSeconds * 1000).toISOString(),
    spentAt: null,
  });
  return token;
}

const sessionCaches = new WeakMap<ServerContext, Map<string, { active: boolean; until: number }>>();
function sessionCache(ctx: ServerContext) {
  let cache = sessionCaches.get(ctx);
  if (!cache) sessionCaches.set(ctx, (cache = new Map()));
  return cache;
}

/**
 * Whether a session family is still open. Cached in-process for at most 5 s; a revocation made by
 * this process is seen at once, one made by another instance within 5 s.
 */
export async function sessionIsActive(ctx: ServerContext, sid: string, userId: string): Promise<boolean> {
  const cache = sessionCache(ctx);
  const hit = cache.get(sid);
  if (hit && hit.until > performance.now()) return hit.active;
  const session = await sessions.getSession(ctx, sid);
  const active = !!session && session.userId === userId && session.revokedAt === null;
  if (cache.size > 10_000) cache.clear();
  cache.set(sid, { active, until: performance.now() + SESSION_CACHE_MS });
  return active;
}

/** Revokes a session family; true when this call revoked it (false: it already was). */
export async function revokeSession(ctx: ServerContext, sid: string, reason: string): Promise<boolean> {
  sessionCache(ctx).set(sid, { active: false, until: Number.POSITIVE_INFINITY });
  let revokedNow = false;
  await sessions.updateSession(ctx, sid, (s) => {
    revokedNow = !s.revokedAt;
    return revokedNow ? { ...s, revokedAt: ctx.now().toISOString(), revokedReason: reason } : null;
  });
  return revokedNow;
}

export async function revokeAllSessions(ctx: ServerContext, userId: string, reason: string): Promise<number> {
  const open = await sessions.openSessionsOf(ctx, userId);
  for (const s of open) await revokeSession(ctx, s.sid, reason);
  return open.length;
}

/** Rotation: the presented token is spent and a new one issued; a spent one revokes its whole family. */
export async function refresh(ctx: ServerContext, refreshToken: string, meta: RequestMeta): Promise<RefreshAnswer> {
  const hash = sessions.sha256(refreshToken);
  const doc = await sessions.getRefresh(ctx, hash);
  if (!doc) throw invalidSession();
  const audit = (action: string, reason: string) =>
    recordAudit(ctx, { userId: doc.userId, companyId: null, action, outcome: 'refused', reason, details: { sid: doc.sid }, ...meta });

  const session = await sessions.getSession(ctx, doc.sid);
  if (!session || session.revokedAt) {
    if (doc.spentAt) await audit('auth.refresh-reuse', 'revoked_session');
    throw invalidSession();
  }
  const spent = await sessions.spendRefresh(ctx, hash, ctx.now().toISOString());
  if (spent === 'already-spent' && !(await answerWasLost(ctx, hash, meta))) {
    await revokeSession(ctx, doc.sid, 'refresh_reuse');
    await audit('auth.refresh-reuse', 'spent_token_presented');
    throw invalidSession();
  }
  if (Date.parse(doc.expiresAt) <= ctx.now().getTime()) {
    await revokeSession(ctx, doc.sid, 'expired');
    throw invalidSession();
  }
  const user = await accounts.getUser(ctx, doc.userId);
  if (!user || user.status !== 'active') {
    await revokeSession(ctx, doc.sid, 'user_unavailable');
    await audit('auth.refresh', 'user_unavailable');
    throw invalidSession();
  }
  const mustChange = user.mustChangePassword || passwordExpired(user.passwordChangedAt, ctx.now());
  const next = await issueRefresh(ctx, doc.sid, doc.userId);
  await sessions.recordSuccessor(ctx, hash, sessions.sha256(next));
  return { accessToken: signAccessToken(ctx, { sub: doc.userId, sid: doc.sid, scope: mustChange ? 'password-change' : 'full' }), refreshToken: next };
}

/** How long after a rotation its answer may be reported lost (a phone on a poor network retrying). */
export const REFRESH_RETRY_GRACE_MS = 60_000;

/**
 * A spent token presented again is a replay — unless the answer to its rotation never arrived: then
 * the client still holds it, retries shortly after, and the token that answer carried was never
 * presented. That successor is superseded and the rotation is done again. A thief replaying a
 * stolen token in that window gets a token, but the rightful client's next refresh presents the
 * superseded one, which is a replay, and the whole family is revoked then.
 */
async function answerWasLost(ctx: ServerContext, hash: string, meta: RequestMeta): Promise<boolean> {
  // the first rotation may still be writing its successor: give it a moment
  for (let attempt = 0; attempt < 20; attempt++) {
    const doc = await sessions.getRefresh(ctx, hash);
    if (!doc?.spentAt || doc.supersededAt) return false;
    if (ctx.now().getTime() - Date.parse(doc.spentAt) > REFRESH_RETRY_GRACE_MS) return false;
    if (doc.successorHash) {
      const won = await sessions.supersedeRefresh(ctx, doc.successorHash, ctx.now().toISOString());
      if (won) {
        await recordAudit(ctx, { userId: doc.userId, companyId: null, action: 'auth.refresh-retry', outcome: 'ok', reason: 'answer_lost', details: { sid: doc.sid }, ...meta });
      }
      return won;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Sign-out: the refresh token's whole family is revoked. Unknown tokens are accepted silently. */
export async function logout(ctx: ServerContext, refreshToken: string, meta: RequestMeta): Promise<void> {
  const doc = await sessions.getRefresh(ctx, sessions.sha256(refreshToken));
  if (!doc) return;
  if (!(await revokeSession(ctx, doc.sid, 'logout'))) return;
  await recordAudit(ctx, { userId: doc.userId, companyId: null, action: 'auth.logout', outcome: 'ok', details: { sid: doc.sid }, ...meta });
}

// ---- password change -----------------------------------------------------------------------------

/** The signed-in user changes their password; every session is closed and a new one opened. */
export async function changePassword(
  ctx: ServerContext,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<LoginAnswer> {
  const user = await accounts.getUser(ctx, userId);
  if (!user) throw invalidSession();
  if (user.lockedAt) throw accountLocked();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    if (await countFailure(ctx, userId, meta, 'bad_current_password')) {
      await revokeAllSessions(ctx, userId, 'locked');
      throw accountLocked();
    }
    throw wrongCurrentPassword();
  }
  await assertPasswordPolicy(user.userId, input.newPassword, user.passwordHistory);
  const updated = await setPassword(ctx, userId, input.newPassword);
  await revokeAllSessions(ctx, userId, 'password_changed');
  const issued = await openSession(ctx, userId, 'full');
  await recordAudit(ctx, { userId, companyId: null, action: 'auth.password-changed', outcome: 'ok', reason: 'by_user', ...meta });
  return {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    mustChangePassword: false,
    user: await sessionUserOf(ctx, updated),
  };
}

async function setPassword(ctx: ServerContext, userId: string, password: string): Promise<Stored<UserDoc>> {
  const hash = await hashPassword(ctx, password);
  const at = ctx.now().toISOString();
  return (await accounts.updateUser(ctx, userId, (u) => ({
    ...u,
    passwordHash: hash,
    passwordHistory: nextHistory(hash, u.passwordHistory),
    passwordChangedAt: at,
    mustChangePassword: false,
    failedAttempts: 0,
    lockedAt: null,
    updatedAt: at,
  })))!;
}

// ---- recovery ------------------------------------------------------------------------------------

export const RECOVER_ANSWER = 'Si los datos coinciden, enviaremos un correo con las instrucciones.';

const pendingWork = new WeakMap<ServerContext, Set<Promise<void>>>();
/** Mail and token work started after answering; awaited at shutdown. */
export async function settlePendingWork(ctx: ServerContext): Promise<void> {
  const pending = pendingWork.get(ctx);
  if (pending) await Promise.allSettled([...pending]);
}

/**
 * Recovery request: the answer is the same whether or not the data match, and the work that only
 * a match needs (token, e-mail) happens after the answer, so timing tells nothing either.
 */
export async function requestRecovery(
  ctx: ServerContext,
  input: { login: string; taxId: string; email: string },
  meta: RequestMeta,
): Promise<void> {
  const login = input.login.trim().toLowerCase();
  const email = input.email.trim().toLowerCase();
  const taxId = input.taxId.trim().toUpperCase();
  const candidates = login.includes('@')
    ? await accounts.findUsersByEmail(ctx, login)
    : isUserId(login)
      ? [await accounts.getUser(ctx, login)].filter((u): u is Stored<UserDoc> => !!u)
      : [];
  const companies = await accounts.findCompanyByTaxId(ctx, taxId);
  const user = candidates.find(
    (u) =>
      u.status === 'active' &&
      u.email === email &&
      u.memberships.some((m) => companies.some((c) => c.id === m.companyId)),
  );
  await recordAudit(ctx, {
    userId: user?.userId ?? (candidates.length === 1 ? candidates[0].userId : null),
    companyId: user ? (companies.find((c) => user.memberships.some((m) => m.companyId === c.id))?.id ?? null) : null,
    action: 'auth.recover-requested',
    outcome: user ? 'ok' : 'refused',
    reason: user ? undefined : 'no_match',
    ...meta,
  });
  if (!user) return;

  let pending = pendingWork.get(ctx);
  if (!pending) pendingWork.set(ctx, (pending = new Set()));
  const work = sendRecovery(ctx, user).catch((err) => ctx.log.error({ err }, 'recovery mail failed'));
  pending.add(work);
  void work.finally(() => pending.delete(work));
}

async function sendRecovery(ctx: ServerContext, user: UserDoc): Promise<void> {
  const token = sessions.newOpaqueToken();
  const now = ctx.now();
  await tokens.insertResetToken(ctx, {
    _id: tokens.resetDocId(sessions.sha256(token)),
    type: 'reset',
    userId: user.userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + RESET_TOKEN_TTL_MS).toISOString(),
    usedAt: null,
  });
  const base = (ctx.config.publicUrl ?? `http://localhost:${ctx.config.port}`).replace(/\/+$/, '');
  const link = `${base}/restablecer?token=${encodeURIComponent(token)}`;
  await mailerOf(ctx).send({
    to: user.email!,
    subject: 'Recuperación de acceso — Conexión Empresas',
    text:
      `Hola, ${user.name}:\n\n` +
      `Recibimos una solicitud para recuperar su acceso a Conexión Empresas.\n` +
      `Su usuario es: ${user.userId}\n\n` +
      `Para crear una nueva contraseña abra este enlace (vale una sola vez, durante 15 minutos):\n${link}\n\n` +
      `Si usted no lo pidió, ignore este mensaje: su contraseña no cambia.\n`,
  });
}

/** Sets a new password with a recovery token: single use (MVCC), clears the lockout, closes every session. */
export async function resetPassword(ctx: ServerContext, input: { token: string; newPassword: string }, meta: RequestMeta) {
  const hash = sessions.sha256(input.token);
  const doc = await tokens.getResetToken(ctx, hash);
  const refuse = async (reason: string, userId: string | null) => {
    await recordAudit(ctx, { userId, companyId: null, action: 'auth.recover-used', outcome: 'refused', reason, ...meta });
    return invalidToken();
  };
  if (!doc) throw await refuse('unknown_token', null);
  if (doc.usedAt) throw await refuse('already_used', doc.userId);
  if (Date.parse(doc.expiresAt) <= ctx.now().getTime()) throw await refuse('expired', doc.userId);
  const user = await accounts.getUser(ctx, doc.userId);
  if (!user || user.status !== 'active') throw await refuse('user_unavailable', doc.userId);
  await assertPasswordPolicy(user.userId, input.newPassword, user.passwordHistory);
  if ((await tokens.useResetToken(ctx, hash, ctx.now().toISOString())) === 'already-used') {
    throw await refuse('already_used', doc.userId);
  }
  await setPassword(ctx, user.userId, input.newPassword);
  await revokeAllSessions(ctx, user.userId, 'password_reset');
  await recordAudit(ctx, { userId: user.userId, companyId: null, action: 'auth.recover-used', outcome: 'ok', ...meta });
}

// ---- who am I ------------------------------------------------------------------------------------

export async function me(ctx: ServerContext, user: UserDoc): Promise<{ user: SessionUser; mustChangePassword: boolean }> {
  return {
    user: await sessionUserOf(ctx, user),
    mustChangePassword: user.mustChangePassword || passwordExpired(user.passwordChangedAt, ctx.now()),
  };
}

// ---- step-up (password confirmation of a sensitive action) -------------------------------------

/**
 * Re-checks the signed-in user's password before a sensitive action (lot confirmation, signature,
 * authorization, deletion, order payment...). A wrong password counts towards the lockout exactly as
 * a failed sign-in does (countFailure): 403 INVALID_PASSWORD, or 423 ACCOUNT_LOCKED (every session
 * closed) once the limit is reached. A right one clears the count, as a sign-in does.
 */
export async function verifyStepUpPassword(ctx: ServerContext, userId: string, password: string, meta: RequestMeta): Promise<void> {
  // an ERP API key has no password: its step-up is the key itself (server/api-keys/api-key-auth.ts)
  if (isApiKeyPrincipal(userId)) return verifyApiKeyStepUp(ctx, userId, password);
  const user = await accounts.getUser(ctx, userId);
  if (!user || user.status !== 'active') throw invalidSession();
  if (user.lockedAt) throw accountLocked();
  if (!(await verifyPassword(user.passwordHash, password))) {
    if (await countFailure(ctx, userId, meta, 'bad_step_up_password')) {
      await revokeAllSessions(ctx, userId, 'locked');
      throw accountLocked();
    }
    throw new DomainError('forbidden', 'INVALID_PASSWORD', 'La contraseña no es correcta.');
  }
  if (user.failedAttempts > 0) {
    await accounts.updateUser(ctx, userId, (u) =>
      u.lockedAt || u.failedAttempts === 0 ? null : { ...u, failedAttempts: 0, updatedAt: ctx.now().toISOString() },
    );
  }
}
