import { Router } from 'express';
import { requestOrigin } from '../audit/audit.service';
import { authOf, companyOf, requireAuth, requirePermission } from '../auth/auth.middleware';
import { PERMISSIONS } from '../../src/domain/permissions';
import { USER_STATUSES } from '../../src/domain/statuses';
import { EmptyBody } from '../auth/auth.schemas';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseBody } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { isUserId, normalizeUserId, UserCreateSchema, UserPatchSchema } from './accounts.model';
import { z } from 'zod';
import { createCompanyUser, listCompanyUsers, resetUserPassword, setUserBlocked, unlockUser, updateCompanyUser } from './users.service';

const UserSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  status: z.enum(USER_STATUSES),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  permissions: z.array(z.enum(PERMISSIONS)),
  otherCompanies: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const companyUsers = '/companies/:companyId/users';

export const listUsersOp = defineOperation({
  method: 'get',
  path: companyUsers,
  operationId: 'listCompanyUsers',
  summary: 'users.manage: los usuarios de la empresa con sus permisos en ella',
  tag: 'users',
  auth: 'bearer',
  success: { status: 200, description: 'Usuarios', schema: z.object({ items: z.array(UserSchema) }) },
  errors: [401, 403, 404],
});

export const createUserOp = defineOperation({
  method: 'post',
  path: companyUsers,
  operationId: 'createCompanyUser',
  summary: 'users.manage: crear un usuario con una contraseña de un solo uso (se muestra una vez; debe cambiarla al ingresar). Solo se otorgan permisos que quien crea tiene',
  tag: 'users',
  auth: 'bearer',
  body: UserCreateSchema,
  success: { status: 201, description: 'El usuario y su contraseña temporal', schema: z.object({ user: UserSchema, temporaryPassword: z.string() }) },
  errors: [400, 401, 403, 404, 409],
});

export const updateUserOp = defineOperation({
  method: 'patch',
  path: `${companyUsers}/:userId`,
  operationId: 'updateCompanyUser',
  summary: 'users.manage: nombre, correo y permisos en la empresa (nadie cambia los suyos ni otorga o quita lo que no tiene)',
  tag: 'users',
  auth: 'bearer',
  body: UserPatchSchema,
  success: { status: 200, description: 'El usuario', schema: UserSchema },
  errors: [400, 401, 403, 404],
});

export const blockUserOp = defineOperation({
  method: 'post',
  path: `${companyUsers}/:userId/block`,
  operationId: 'blockCompanyUser',
  summary: 'users.manage: bloquear un usuario (no puede ingresar; se cierran sus sesiones)',
  tag: 'users',
  auth: 'bearer',
  success: { status: 200, description: 'El usuario', schema: UserSchema },
  errors: [401, 403, 404],
});

export const unblockUserOp = defineOperation({
  method: 'post',
  path: `${companyUsers}/:userId/unblock`,
  operationId: 'unblockCompanyUser',
  summary: 'users.manage: desbloquear un usuario bloqueado',
  tag: 'users',
  auth: 'bearer',
  success: { status: 200, description: 'El usuario', schema: UserSchema },
  errors: [401, 403, 404],
});

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
  const manage = requirePermission(ctx, 'companyId', 'users.manage');
  mountOperation(router, listUsersOp, requireAuth(ctx), manage, async (_req, res) => {
    res.json({ items: await listCompanyUsers(ctx, companyOf(res)) });
  });
  mountOperation(router, createUserOp, requireAuth(ctx), manage, async (req, res) => {
    const input = parseBody(UserCreateSchema, req);
    res.status(201).json(await createCompanyUser(ctx, authOf(res).user, companyOf(res), input, requestOrigin(req)));
  });
  mountOperation(router, updateUserOp, requireAuth(ctx), manage, async (req, res) => {
    const patch = parseBody(UserPatchSchema, req);
    res.json(await updateCompanyUser(ctx, authOf(res).user, companyOf(res), targetUserId(req.params.userId), patch, requestOrigin(req)));
  });
  for (const [op, blocked] of [[blockUserOp, true], [unblockUserOp, false]] as const) {
    mountOperation(router, op, requireAuth(ctx), manage, async (req, res) => {
      parseBody(EmptyBody, req);
      res.json(await setUserBlocked(ctx, authOf(res).user, companyOf(res), targetUserId(req.params.userId), blocked, requestOrigin(req)));
    });
  }
  return router;
}
