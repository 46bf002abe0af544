import { Router } from 'express';
import { requestOrigin } from '../audit/audit.service';
import { authOf, requireAuth } from '../auth/auth.middleware';
import { EmptyBody } from '../auth/auth.schemas';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseBody } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { isUserId, normalizeUserId } from './accounts.model';
import { unlockUser } from './users.service';

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

export function usersRouter(ctx: ServerContext): Router {
  const router = Router();
  mountOperation(router, unlockOp, requireAuth(ctx), async (req, res) => {
    parseBody(EmptyBody, req);
    const userId = normalizeUserId(String(req.params.userId ?? ''));
    if (!isUserId(userId)) throw notFound('Usuario no encontrado.', 'USER_NOT_FOUND');
    await unlockUser(ctx, authOf(res).user, userId, requestOrigin(req));
    res.status(204).end();
  });
  return router;
}
