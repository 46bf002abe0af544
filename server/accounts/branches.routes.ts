import { Router } from 'express';
import { z } from 'zod';
import { requestOrigin } from '../audit/audit.service';
import { authOf, companyOf, requireAuth, requirePermission } from '../auth/auth.middleware';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseBody } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { isCompanyId } from '../store/databases';
import { BranchCreateSchema, BranchPatchSchema } from './accounts.model';
import { createBranchByManager, listCompanyBranches, updateBranchByManager } from './branches.service';

const nullableText = z.string().nullable();
const BranchSchema = z.object({
  code: z.string(),
  name: z.string(),
  address: nullableText,
  city: nullableText,
  state: nullableText,
  phone: nullableText,
  contact: nullableText,
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const listBranchesOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/branches',
  operationId: 'listBranches',
  summary: 'Sucursales de la empresa donde se entregan las tarjetas',
  tag: 'branches',
  auth: 'bearer',
  success: { status: 200, description: 'Sucursales por código', schema: z.object({ items: z.array(BranchSchema) }) },
  errors: [401, 404],
});

export const createBranchOp = defineOperation({
  method: 'post',
  path: '/companies/:companyId/branches',
  operationId: 'createBranch',
  summary: 'company.manage: crear una sucursal (para muchas, un lote SUC)',
  tag: 'branches',
  auth: 'bearer',
  body: BranchCreateSchema,
  success: { status: 201, description: 'La sucursal creada', schema: BranchSchema },
  errors: [400, 401, 403, 404, 409],
});

export const updateBranchOp = defineOperation({
  method: 'patch',
  path: '/companies/:companyId/branches/:branchCode',
  operationId: 'updateBranch',
  summary: 'company.manage: cambiar los datos de una sucursal (null borra un dato opcional)',
  tag: 'branches',
  auth: 'bearer',
  body: BranchPatchSchema,
  success: { status: 200, description: 'La sucursal actualizada', schema: BranchSchema },
  errors: [400, 401, 403, 404],
});

export function branchesRouter(ctx: ServerContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);
  mountOperation(router, listBranchesOp, auth, async (req, res) => {
    const { user } = authOf(res);
    const companyId = String(req.params.companyId ?? '');
    const visible = user.role === 'operator' || user.memberships.some((m) => m.companyId === companyId);
    if (!isCompanyId(companyId) || !visible) throw notFound('Empresa no encontrada.', 'COMPANY_NOT_FOUND');
    res.json({ items: await listCompanyBranches(ctx, companyId) });
  });
  mountOperation(router, createBranchOp, auth, requirePermission(ctx, 'companyId', 'company.manage'), async (req, res) => {
    const input = parseBody(BranchCreateSchema, req);
    res.status(201).json(await createBranchByManager(ctx, authOf(res).user, companyOf(res), input, requestOrigin(req)));
  });
  mountOperation(router, updateBranchOp, auth, requirePermission(ctx, 'companyId', 'company.manage'), async (req, res) => {
    const code = String(req.params.branchCode ?? '').toUpperCase();
    if (!/^[A-Z0-9]{1,10}$/.test(code)) throw notFound('Sucursal no encontrada.', 'BRANCH_NOT_FOUND');
    const patch = parseBody(BranchPatchSchema, req);
    res.json(await updateBranchByManager(ctx, authOf(res).user, companyOf(res), code, patch, requestOrigin(req)));
  });
  return router;
}
