import type { RequestHandler, Response } from 'express';
import type { Permission } from '../../src/domain/permissions';
import { isCompanyId } from '../store/databases';
import { permissionsIn } from '../accounts/accounts.service';
import * as accounts from '../accounts/accounts.store';
import type { UserDoc } from '../accounts/accounts.model';
import { forbidden, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import type { Stored } from '../store/documents';
import { invalidSession, notSignedIn, passwordChangeRequired } from './auth.errors';
import { authenticateApiKey, keyLimiter, type ApiKeyCaller } from './api-key.middleware';
import { sessionIsActive } from './auth.service';
import { verifyAccessToken, type TokenScope } from './jwt';

/** Who is calling, set by requireAuth for the handlers after it. */
export interface AuthContext {
  userId: string;
  sid: string;
  scope: TokenScope;
  user: Stored<UserDoc>;
  /** set when the caller is an ERP API key (X-Api-Key) rather than a signed-in person */
  apiKey?: ApiKeyCaller;
}

export function authOf(res: Response): AuthContext {
  const auth = res.locals.auth as AuthContext | undefined;
  if (!auth) throw new Error('authOf() used on a route without requireAuth()');
  return auth;
}

/** The company a requirePermission() check let through. */
export function companyOf(res: Response): string {
  const id = res.locals.companyId as string | undefined;
  if (!id) throw new Error('companyOf() used on a route without requirePermission()');
  return id;
}

export interface RequireAuthOptions {
  /**
   * Routes a user who must change their password may still call (change it, see who they are).
   * Every other route answers 403 PASSWORD_CHANGE_REQUIRED to such a token.
   */
  allowPasswordChangeScope?: boolean;
}

/**
 * Bearer access token → the caller. Checks the signature and expiry (server clock), that the
 * session family is not revoked (cached ≤ 5 s), and that the user still exists and is active.
 * Or `X-Api-Key` → an ERP key acting for its company with its permissions (api-key.middleware.ts).
 */
export function requireAuth(ctx: ServerContext, options: RequireAuthOptions = {}): RequestHandler {
  keyLimiter(ctx); // created while the routers are built, not inside a request (express-rate-limit's rule)
  return async (req, res, next) => {
    // the server the request reached, for the layers that run after authentication (server/idempotency)
    res.locals.serverContext = ctx;
    const apiKey = req.get('x-api-key');
    if (apiKey !== undefined) {
      await authenticateApiKey(ctx, req, res, apiKey);
      return next();
    }
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9_\-.]{10,4096})$/.exec(header);
    if (!match) throw notSignedIn();
    const claims = verifyAccessToken(ctx, match[1]);
    if (!claims) throw invalidSession();
    if (!(await sessionIsActive(ctx, claims.sid, claims.sub))) throw invalidSession();
    if (claims.scope !== 'full' && !options.allowPasswordChangeScope) throw passwordChangeRequired();
    const user = await accounts.getUser(ctx, claims.sub);
    if (!user || user.status !== 'active') throw invalidSession();
    const auth: AuthContext = { userId: claims.sub, sid: claims.sid, scope: claims.scope, user };
    res.locals.auth = auth;
    next();
  };
}

/**
 * After requireAuth: the caller may act for the company named by the route parameter with this
 * permission. Operators may act for every company. A company user gets 404 for a company they do
 * not belong to (its existence is not revealed) and 403 when they belong but lack the permission.
 */
export function requirePermission(ctx: ServerContext, companyIdParam: string, permission: Permission): RequestHandler {
  return async (req, res, next) => {
    const { user } = authOf(res);
    const raw = req.params[companyIdParam];
    const companyId = typeof raw === 'string' ? raw : '';
    const missing = () => notFound('Empresa no encontrada.', 'COMPANY_NOT_FOUND');
    if (!isCompanyId(companyId)) throw missing();
    const granted = permissionsIn(user, companyId);
    if (!granted) throw missing();
    const company = await accounts.getCompany(ctx, companyId);
    if (!company || (company.status !== 'active' && user.role !== 'operator')) throw missing();
    if (!granted.includes(permission)) throw forbidden();
    res.locals.companyId = companyId;
    next();
  };
}

/** Operators only (program administrator staff), for an existing company. */
export function requireOperator(ctx: ServerContext, companyIdParam = 'companyId'): RequestHandler {
  return async (req, res, next) => {
    const { user } = authOf(res);
    const companyId = String(req.params[companyIdParam] ?? '');
    if (user.role !== 'operator') {
      // a company user learns nothing about other companies
      if (!isCompanyId(companyId) || !user.memberships.some((m) => m.companyId === companyId)) {
        throw notFound('Empresa no encontrada.', 'COMPANY_NOT_FOUND');
      }
      throw forbidden('Solo un operador puede hacer esta operación.', 'OPERATOR_ONLY');
    }
    if (!isCompanyId(companyId) || !(await accounts.getCompany(ctx, companyId))) throw notFound('Empresa no encontrada.', 'COMPANY_NOT_FOUND');
    res.locals.companyId = companyId;
    next();
  };
}

