import { Router } from 'express';
import { z } from 'zod';
import { API_KEY_PERMISSIONS, API_KEYS_MANAGER } from '../../src/domain/api-keys';
import { requestOrigin } from '../audit/audit.service';
import { authOf, companyOf, requireAuth, requirePermission } from '../auth/auth.middleware';
import type { ServerContext } from '../context';
import type { FeatureFactory } from '../features';
import { parseBody } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import * as service from './api-keys.service';

const CreateBody = z.strictObject({
  name: z.string().trim().min(1, 'Indique un nombre para la clave.').max(60, 'El nombre admite hasta 60 caracteres.'),
  permissions: z.array(z.enum(API_KEY_PERMISSIONS, 'Permiso no disponible para claves de API.')).min(1, 'Elija al menos un permiso.').max(API_KEY_PERMISSIONS.length),
  password: z.string().min(1).max(1024),
});

const Summary = z.strictObject({
  id: z.string(),
  companyId: z.string(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(z.enum(API_KEY_PERMISSIONS)),
  createdAt: z.string(),
  createdBy: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  revokedBy: z.string().nullable(),
});

const base = '/companies/:companyId/api-keys';

export const listApiKeysOp = defineOperation({
  method: 'get',
  path: base,
  operationId: 'listApiKeys',
  summary: `Claves de API de la empresa (${API_KEYS_MANAGER}), activas y revocadas; nunca el secreto`,
  tag: 'api-keys',
  auth: 'bearer',
  success: { status: 200, description: 'Las claves, la más reciente primero', schema: z.strictObject({ apiKeys: z.array(Summary) }) },
  errors: [404],
});

export const createApiKeyOp = defineOperation({
  method: 'post',
  path: base,
  operationId: 'createApiKey',
  summary: `Crear una clave de API (${API_KEYS_MANAGER}; contraseña) con permisos que el usuario tiene; la clave se muestra solo en esta respuesta`,
  tag: 'api-keys',
  auth: 'bearer',
  body: CreateBody,
  success: { status: 201, description: 'La clave completa (una sola vez) y su resumen', schema: z.strictObject({ key: z.string(), apiKey: Summary }) },
  errors: [404, 423],
});

export const revokeApiKeyOp = defineOperation({
  method: 'delete',
  path: `${base}/:keyId`,
  operationId: 'revokeApiKey',
  summary: `Revocar una clave de API (${API_KEYS_MANAGER}): desde ese momento responde 401`,
  tag: 'api-keys',
  auth: 'bearer',
  success: { status: 200, description: 'La clave, revocada', schema: Summary },
  errors: [404],
});

export function apiKeysRouter(ctx: ServerContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);
  const manager = requirePermission(ctx, 'companyId', API_KEYS_MANAGER);

  mountOperation(router, listApiKeysOp, auth, manager, async (_req, res) => {
    res.json({ apiKeys: await service.listApiKeys(ctx, companyOf(res)) });
  });
  mountOperation(router, createApiKeyOp, auth, manager, async (req, res) => {
    const body = parseBody(CreateBody, req);
    res.status(201).json(await service.createApiKey(ctx, authOf(res).user, companyOf(res), body, requestOrigin(req)));
  });
  mountOperation(router, revokeApiKeyOp, auth, manager, async (req, res) => {
    res.json(await service.revokeApiKey(ctx, authOf(res).user, companyOf(res), String(req.params.keyId ?? ''), requestOrigin(req)));
  });
  return router;
}

/** ERP API keys (PRODUCT.md "ERP integration"): create, list, revoke; the middleware accepts them (server/auth). */
export const apiKeysFeature: FeatureFactory = (ctx) => ({ routes: [{ path: '/', router: apiKeysRouter(ctx) }] });
