import { Router, type Request } from 'express';
import { requestOrigin } from '../audit/audit.service';
import type { ServerContext } from '../context';
import type { FeatureFactory } from '../features';
import { parseBody } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { authOf, requireAuth } from './auth.middleware';
import {
  ChangePasswordBody,
  LoginAnswerSchema,
  LoginBody,
  LogoutBody,
  MeAnswerSchema,
  MessageAnswerSchema,
  RecoverBody,
  RefreshAnswerSchema,
  RefreshBody,
  ResetBody,
} from './auth.schemas';
import * as auth from './auth.service';
import { jwtSecret } from './jwt';
import { loginRateLimits, recoveryRateLimit } from './rate-limits';

export const loginOp = defineOperation({
  method: 'post',
  path: '/auth/login',
  operationId: 'login',
  summary: 'Iniciar sesión (usuario y contraseña; código por correo en un dispositivo nuevo)',
  tag: 'auth',
  auth: 'none',
  body: LoginBody,
  success: { status: 200, description: 'Sesión iniciada', schema: LoginAnswerSchema },
  errors: [400, 401, 423, 429],
});

export const refreshOp = defineOperation({
  method: 'post',
  path: '/auth/refresh',
  operationId: 'refresh',
  summary: 'Renovar los tokens (el refresh token presentado queda gastado)',
  tag: 'auth',
  auth: 'none',
  body: RefreshBody,
  success: { status: 200, description: 'Tokens nuevos', schema: RefreshAnswerSchema },
  errors: [400, 401],
});

export const logoutOp = defineOperation({
  method: 'post',
  path: '/auth/logout',
  operationId: 'logout',
  summary: 'Cerrar sesión (revoca toda la cadena de tokens)',
  tag: 'auth',
  auth: 'none',
  body: LogoutBody,
  success: { status: 204, description: 'Sesión cerrada' },
  errors: [400],
});

export const recoverOp = defineOperation({
  method: 'post',
  path: '/auth/recover',
  operationId: 'recover',
  summary: 'Recuperar usuario o contraseña: envía un enlace de un solo uso si los datos coinciden',
  tag: 'auth',
  auth: 'none',
  body: RecoverBody,
  success: { status: 202, description: 'Misma respuesta exista o no la cuenta', schema: MessageAnswerSchema },
  errors: [400, 429],
});

export const resetOp = defineOperation({
  method: 'post',
  path: '/auth/reset',
  operationId: 'resetPassword',
  summary: 'Fijar una contraseña nueva con el enlace de recuperación',
  tag: 'auth',
  auth: 'none',
  body: ResetBody,
  success: { status: 204, description: 'Contraseña cambiada; todas las sesiones cerradas' },
  errors: [400, 429],
});

export const changePasswordOp = defineOperation({
  method: 'post',
  path: '/auth/password',
  operationId: 'changePassword',
  summary: 'Cambiar la propia contraseña (también con sesión limitada por cambio obligatorio)',
  tag: 'auth',
  auth: 'bearer-limited',
  body: ChangePasswordBody,
  success: { status: 200, description: 'Contraseña cambiada; sesión nueva', schema: LoginAnswerSchema },
  errors: [400, 401, 403, 423],
});

export const meOp = defineOperation({
  method: 'get',
  path: '/me',
  operationId: 'me',
  summary: 'El usuario de la sesión, sus empresas, productos y permisos',
  tag: 'auth',
  auth: 'bearer-limited',
  success: { status: 200, description: 'Usuario actual', schema: MeAnswerSchema },
  errors: [401],
});

const metaOf = (req: Request): auth.RequestMeta => requestOrigin(req);

export function authRouter(ctx: ServerContext): Router {
  const router = Router();
  const limited = requireAuth(ctx, { allowPasswordChangeScope: true });

  mountOperation(router, loginOp, ...loginRateLimits(ctx), async (req, res) => {
    const body = parseBody(LoginBody, req);
    res.json(await auth.login(ctx, body, metaOf(req)));
  });
  mountOperation(router, refreshOp, async (req, res) => {
    const body = parseBody(RefreshBody, req);
    res.json(await auth.refresh(ctx, body.refreshToken, metaOf(req)));
  });
  mountOperation(router, logoutOp, async (req, res) => {
    const body = parseBody(LogoutBody, req);
    await auth.logout(ctx, body.refreshToken, metaOf(req));
    res.status(204).end();
  });
  mountOperation(router, recoverOp, recoveryRateLimit(ctx), async (req, res) => {
    const body = parseBody(RecoverBody, req);
    await auth.requestRecovery(ctx, body, metaOf(req));
    res.status(202).json({ message: auth.RECOVER_ANSWER });
  });
  mountOperation(router, resetOp, recoveryRateLimit(ctx), async (req, res) => {
    const body = parseBody(ResetBody, req);
    await auth.resetPassword(ctx, body, metaOf(req));
    res.status(204).end();
  });
  mountOperation(router, changePasswordOp, limited, async (req, res) => {
    const body = parseBody(ChangePasswordBody, req);
    res.json(await auth.changePassword(ctx, authOf(res).userId, body, metaOf(req)));
  });
  mountOperation(router, meOp, limited, async (_req, res) => {
    res.json(await auth.me(ctx, authOf(res).user));
  });
  return router;
}

export const authFeature: FeatureFactory = (ctx) => {
  jwtSecret(ctx); // create or read the signing key at start, not on the first request
  return { routes: [{ path: '/', router: authRouter(ctx) }], stop: () => auth.settlePendingWork(ctx) };
};
