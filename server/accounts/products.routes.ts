import { Router } from 'express';
import { z } from 'zod';
import { requestOrigin } from '../audit/audit.service';
import { authOf, companyOf, requireAuth, requireOperator } from '../auth/auth.middleware';
import { notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { parseBody } from '../http/validate';
import { defineOperation, mountOperation } from '../openapi/registry';
import { isCompanyId } from '../store/databases';
import { PRODUCT_CODE_PATTERN, ProductInputSchema, ProductPatchSchema } from './accounts.model';
import { createProductByOperator } from './companies.service';
import { listCompanyProducts, updateProduct } from './products.service';

/** The product as answered: every field of its schema (fees, limits and any a later issue adds), and when it changed. */
const ProductSchema = ProductInputSchema.extend({ updatedAt: z.string() });

export const createProductOp = defineOperation({
  method: 'post',
  path: '/operator/companies/:companyId/products',
  operationId: 'createProduct',
  summary: 'Operador: crear un producto de la empresa (BIN, tarifa, impuesto, límites) con su cuenta maestra en cero',
  tag: 'products',
  auth: 'bearer',
  body: ProductInputSchema,
  success: { status: 201, description: 'Producto creado', schema: ProductSchema },
  errors: [400, 403, 404, 409],
});

export const listProductsOp = defineOperation({
  method: 'get',
  path: '/companies/:companyId/products',
  operationId: 'listProducts',
  summary: 'Productos de la empresa con su tarifa, impuesto y límites',
  tag: 'products',
  auth: 'bearer',
  success: { status: 200, description: 'Productos', schema: z.object({ items: z.array(ProductSchema) }) },
  errors: [401, 404],
});

export const updateProductOp = defineOperation({
  method: 'patch',
  path: '/companies/:companyId/products/:productCode',
  operationId: 'updateProduct',
  summary: 'Operador: fijar la tarifa (emisión, comisión), el impuesto y los límites de un producto',
  tag: 'products',
  auth: 'bearer',
  body: ProductPatchSchema,
  success: { status: 200, description: 'Producto actualizado', schema: ProductSchema },
  errors: [400, 403, 404],
});

export function productsRouter(ctx: ServerContext): Router {
  const router = Router();
  mountOperation(router, listProductsOp, requireAuth(ctx), async (req, res) => {
    const { user } = authOf(res);
    const companyId = String(req.params.companyId ?? '');
    // members and operators read them: the fee schedule is what their orders are billed with
    const visible = user.role === 'operator' || user.memberships.some((m) => m.companyId === companyId);
    if (!isCompanyId(companyId) || !visible) throw notFound('Empresa no encontrada.', 'COMPANY_NOT_FOUND');
    res.json({ items: await listCompanyProducts(ctx, companyId) });
  });
  mountOperation(router, updateProductOp, requireAuth(ctx), requireOperator(ctx), async (req, res) => {
    const code = String(req.params.productCode ?? '');
    if (!PRODUCT_CODE_PATTERN.test(code)) throw notFound('Producto no encontrado.', 'PRODUCT_NOT_FOUND');
    const patch = parseBody(ProductPatchSchema, req);
    res.json(await updateProduct(ctx, authOf(res).user, companyOf(res), code, patch, requestOrigin(req)));
  });
  mountOperation(router, createProductOp, requireAuth(ctx), requireOperator(ctx), async (req, res) => {
    const input = parseBody(ProductInputSchema, req);
    res.status(201).json(await createProductByOperator(ctx, authOf(res).user, companyOf(res), input, requestOrigin(req)));
  });
  return router;
}
