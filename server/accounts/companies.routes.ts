import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { recordAudit, requestOrigin } from '../audit/audit.service';
import { authOf, companyOf, requireAuth, requireOperator, requirePermission } from '../auth/auth.middleware';
import { forbidden, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseBody } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { isCompanyId } from '../store/databases';
import { CompanyInputSchema, CompanyPatchSchema, OperatorCompanyPatchSchema } from './accounts.model';
import { createCompanyByOperator, getCompanyView, listAllCompanies, updateCompanyData } from './companies.service';

export const CompanySchema = z.object({
  id: z.string(),
  taxId: z.string(),
  legalName: z.string(),
  tradeName: z.string(),
  address: z.string(),
  phone: z.string(),
  contact: CompanyInputSchema.shape.contact,
  authorizationPolicy: CompanyInputSchema.shape.authorizationPolicy,
  newDeviceCodeRequired: z.boolean(),
  status: z.enum(['active', 'inactive']),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const getCompanyOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId',
  operationId: 'getCompany',
  summary: 'Datos de la empresa, su política de autorización y la del código para dispositivos nuevos',
  tag: 'companies',
  auth: 'bearer',
  success: { status: 200, description: 'La empresa', schema: CompanySchema },
  errors: [401, 404],
});

export const updateCompanyOp = defineOperation({
  method: 'patch',
  path: '/companies/:companyId',
  operationId: 'updateCompany',
  summary: 'company.manage: cambiar los datos de contacto, la política de autorización (0–2 firmas) y la del código para dispositivos nuevos',
  tag: 'companies',
  auth: 'bearer',
  body: CompanyPatchSchema,
  success: { status: 200, description: 'La empresa actualizada', schema: CompanySchema },
  errors: [400, 401, 403, 404],
});

export const listCompaniesOp = defineOperation({
  method: 'get',
  path: '/operator/companies',
  operationId: 'listAllCompanies',
  summary: 'Operador: todas las empresas, activas e inactivas',
  tag: 'operator',
  auth: 'bearer',
  success: { status: 200, description: 'Empresas', schema: z.object({ items: z.array(CompanySchema) }) },
  errors: [401, 403],
});

export const createCompanyOp = defineOperation({
  method: 'post',
  path: '/operator/companies',
  operationId: 'createCompany',
  summary: 'Operador: crear una empresa (identificador y RIF únicos) con sus bases de datos',
  tag: 'operator',
  auth: 'bearer',
  body: CompanyInputSchema,
  success: { status: 201, description: 'La empresa creada', schema: CompanySchema },
  errors: [400, 401, 403, 409],
});

export const operatorUpdateCompanyOp = defineOperation({
  method: 'patch',
  path: '/operator/companies/:companyId',
  operationId: 'operatorUpdateCompany',
  summary: 'Operador: cambiar los datos de una empresa, también la razón social y su estado (activa / inactiva)',
  tag: 'operator',
  auth: 'bearer',
  body: OperatorCompanyPatchSchema,
  success: { status: 200, description: 'La empresa actualizada', schema: CompanySchema },
  errors: [400, 401, 403, 404],
});

/** Operators only, for routes not about one company; a company user's attempt is audited. */
export function operatorOnly(ctx: ServerContext, action: string): RequestHandler {
  return async (req, res, next) => {
    const { user } = authOf(res);
    if (user.role === 'operator') return next();
    await recordAudit(ctx, { userId: user.userId, companyId: null, action, outcome: 'refused', reason: 'operator_only', ...requestOrigin(req) });
    throw forbidden('Solo un operador puede hacer esta operación.', 'OPERATOR_ONLY');
  };
}

export function companiesRouter(ctx: ServerContext): Router {
  const router = Router();
  const auth = requireAuth(ctx);
  mountOperation(router, getCompanyOp, auth, async (req, res) => {
    const { user } = authOf(res);
    const companyId = String(req.params.companyId ?? '');
    // every member reads its company's data (Información general); operators every company
    const visible = user.role === 'operator' || user.memberships.some((m) => m.companyId === companyId);
    if (!isCompanyId(companyId) || !visible) throw notFound('Empresa no encontrada.', 'COMPANY_NOT_FOUND');
    res.json(await getCompanyView(ctx, companyId));
  });
  mountOperation(router, updateCompanyOp, auth, requirePermission(ctx, 'companyId', 'company.manage'), async (req, res) => {
    const patch = parseBody(CompanyPatchSchema, req);
    res.json(await updateCompanyData(ctx, authOf(res).user, companyOf(res), patch, requestOrigin(req)));
  });
  mountOperation(router, listCompaniesOp, auth, operatorOnly(ctx, 'company.list'), async (_req, res) => {
    res.json({ items: await listAllCompanies(ctx) });
  });
  mountOperation(router, createCompanyOp, auth, operatorOnly(ctx, 'company.create'), async (req, res) => {
    const input = parseBody(CompanyInputSchema, req);
    res.status(201).json(await createCompanyByOperator(ctx, authOf(res).user, input, requestOrigin(req)));
  });
  mountOperation(router, operatorUpdateCompanyOp, auth, requireOperator(ctx), async (req, res) => {
    const patch = parseBody(OperatorCompanyPatchSchema, req);
    res.json(await updateCompanyData(ctx, authOf(res).user, companyOf(res), patch, requestOrigin(req)));
  });
  return router;
}
