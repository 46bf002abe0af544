import type { Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { UserDoc } from '../accounts/accounts.model';
import { checkApiKey, invalidApiKey, touchApiKey } from '../api-keys/api-key-auth';
import { apiKeyPrincipalId, type ApiKeyDoc } from '../api-keys/api-keys.model';
import { recordAudit, requestOrigin } from '../audit/audit.service';
import { DomainError, forbidden, invalid } from '../common/domain-error';
import type { ServerContext } from '../context';
import { acceptsApiKey, operationOf } from '../openapi/registry';
import type { Stored } from '../store/documents';

/** The key a request was authenticated with (res.locals.auth.apiKey). */
export interface ApiKeyCaller {
  id: string;
  companyId: string;
  name: string;
}

const limiters = new WeakMap<ServerContext, RequestHandler>();

/**
 * One limiter per server, counted per key id (not per IP: an ERP behind a NAT shares its address
 * with others, and one key must not use up another's budget). API_KEY_RATE_PER_MINUTE.
 */
export function keyLimiter(ctx: ServerContext): RequestHandler {
  let limiter = limiters.get(ctx);
  if (!limiter) {
    limiter = rateLimit({
      windowMs: 60_000,
      limit: ctx.config.apiKeyRatePerMinute,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      identifier: 'api-key',
      keyGenerator: (_req, res) => `apikey:${(res.locals.apiKeyId as string) ?? ''}`,
      handler: (req, res, next) => {
        const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
        res.setHeader('Retry-After', String(reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60));
        next(new DomainError('rate_limited', 'RATE_LIMITED', 'Demasiadas solicitudes con esta clave de API. Intente de nuevo en un momento.'));
      },
    });
    limiters.set(ctx, limiter);
  }
  return limiter;
}

function runMiddleware(handler: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    const result = handler(req, res, (err?: unknown) => (err ? reject(err) : resolve())) as unknown;
    if (result instanceof Promise) result.catch(reject);
  });
}

/**
 * A stand-in user for a key: a company user of the key's company holding exactly the key's
 * permissions, so every route's permission check (requirePermission) applies to keys unchanged.
 * It has no password (step-up with a key: server/api-keys/api-key-auth.ts) and no devices.
 */
function keyUser(key: Stored<ApiKeyDoc>): Stored<UserDoc> {
  return {
    _id: key._id,
    _rev: key._rev,
    type: 'user',
    userId: apiKeyPrincipalId(key.id),
    role: 'company',
    name: `Clave de API «${key.name}»`,
    email: null,
    passwordHash: '',
    passwordHistory: [],
    passwordChangedAt: key.createdAt,
    mustChangePassword: false,
    failedAttempts: 0,
    lockedAt: null,
    status: 'active',
    memberships: [{ companyId: key.companyId, permissions: [...key.permissions] }],
    devices: [],
    createdAt: key.createdAt,
    updatedAt: key.createdAt,
  };
}

/**
 * `X-Api-Key: cek_<id>_<secret>` → the key acts for its company with its permissions only, on the
 * operations declared to take keys (acceptsApiKey: lots, orders, cards, reports). Unknown, wrong
 * or revoked keys: 401 INVALID_API_KEY (a revoked one is also written to the audit log).
 */
export async function authenticateApiKey(ctx: ServerContext, req: Request, res: Response, raw: string): Promise<void> {
  if (req.get('authorization')) {
    throw invalid('AMBIGUOUS_CREDENTIALS', 'Envíe Authorization o X-Api-Key, no ambos.');
  }
  const check = await checkApiKey(ctx, raw.trim());
  if (!check.ok) {
    if (check.reason === 'revoked' && check.key) {
      await recordAudit(ctx, {
        userId: apiKeyPrincipalId(check.key.id),
        companyId: check.key.companyId,
        action: 'apikeys.use',
        outcome: 'refused',
        reason: 'API_KEY_REVOKED',
        details: { keyId: check.key.id, path: req.baseUrl + req.path },
        ...requestOrigin(req),
      });
    }
    throw invalidApiKey();
  }
  const op = operationOf(res);
  if (!op || !acceptsApiKey(op)) {
    throw forbidden('Esta operación no está disponible con una clave de API: requiere un usuario.', 'API_KEY_NOT_ALLOWED');
  }
  res.locals.apiKeyId = check.key.id;
  await runMiddleware(keyLimiter(ctx), req, res);
  await touchApiKey(ctx, check.key);
  const caller: ApiKeyCaller = { id: check.key.id, companyId: check.key.companyId, name: check.key.name };
  res.locals.auth = { userId: apiKeyPrincipalId(check.key.id), sid: `apikey:${check.key.id}`, scope: 'full', user: keyUser(check.key), apiKey: caller };
}
