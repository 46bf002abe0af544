import { Router } from 'express';
import { requestOrigin } from '../audit/audit.service';
import { authOf, requireAuth } from '../auth/auth.middleware';
import { EmptyBody } from '../auth/auth.schemas';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseBody } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { isUserId, normalizeUserId } from './accounts.model';
import { z } from 'zod';
import { resetUserPassword, unlockUser } from './users.service';

export const unlockOp = defineOperation({
  method: 'post',
  path: '/users/:userId/unlock',
  operationId: 'unlockUser',
  summary: 'Desbloquear una cuenta bloqueada por intentos fallidos (operador o users.manage de la empresa)',
  tag: 'users',
  auth: 'bearer',
  success: { status: 204, description: 'Cuenta desbloqueada' },
  errors: [403, 404],
});

export const passwordResetOp = defineOperation({
  method: 'post',
  path: '/users/:userId/password-reset',
  operationId: 'resetUserPassword',
  summary: 'Asignar una contraseña de un solo uso que el usuario debe cambiar al ingresar (operador o users.manage)',
  tag: 'users',
  auth: 'bearer',
  success: {
    status: 200,
    description: 'La contraseña temporal, mostrada una sola vez',
    schema: z.strictObject({ temporaryPassword: z.string() }),
  },
  errors: [403, 404],
});

function targetUserId(raw: unknown): string {
  const userId = normalizeUserId(String(raw ?? ''));
  if (!isUserId(userId)) throw notFound('Usuario no encontrado.', 'USER_NOT_FOUND');
  return userId;
}

export function usersRouter(ctx: ServerContext): Router {
  const router = Router();
  mountOperation(router, unlockOp, requireAuth(ctx), async (req, res) => {
    parseBody(EmptyBody, req);
    await unlockUser(ctx, authOf(res).user, targetUserId(req.params.userId), requestOrigin(req));
    res.status(204).end();
  });
  mountOperation(router, passwordResetOp, requireAuth(ctx), async (req, res) => {
    parseBody(EmptyBody, req);
    res.json(await resetUserPassword(ctx, authOf(res).user, targetUserId(req.params.userId), requestOrigin(req)));
  });
  return router;
}
