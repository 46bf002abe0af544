import { notFoundWhenMissing } from '../common/domain-error';
import type { ServerContext } from '../context';
import { recordAudit } from '../audit/audit.service';
import type { RequestMeta } from '../auth/auth.service';
import type { ProductDoc, ProductPatch, UserDoc } from './accounts.model';
import * as store from './accounts.store';
import { transferSettingsOf } from '../../src/domain/transfers/transfer-settings';

/** A product as the API shows it: its fee schedule, tax and limits (integer cents, basis points). */
export function productView(p: ProductDoc) {
  // every field of the product schema, whatever a later issue adds to it; only storage fields are left out
  const { _id, _rev, type, companyId, createdAt, ...fields } = p;
  void [_id, _rev, type, companyId, createdAt];
  // products created before transfer settings existed answer the defaults
  return { ...fields, transfers: transferSettingsOf(p) };
}

export async function listCompanyProducts(ctx: ServerContext, companyId: string) {
  return (await store.listProducts(ctx, [companyId])).map(productView);
}

/**
 * The operator sets a product's fee schedule, tax rate and limits. A calculation made before keeps
 * the figures it showed; calculations and orders made after use the new schedule. Audited with the
 * values before and after, since fees are money.
 */
export async function updateProduct(
  ctx: ServerContext,
  actor: UserDoc,
  companyId: string,
  code: string,
  patch: ProductPatch,
  meta: RequestMeta,
) {
  let before: ProductDoc | null = null;
  const updated = await store
    .updateProduct(ctx, companyId, code, (p) => {
      before = p;
      return { ...p, ...patch, updatedAt: ctx.now().toISOString() };
    })
    .catch(notFoundWhenMissing('Producto no encontrado.', 'PRODUCT_NOT_FOUND'));
  const was = before as ProductDoc | null;
  await recordAudit(ctx, {
    userId: actor.userId,
    companyId,
    action: 'product.update',
    outcome: 'ok',
    details: {
      productCode: code,
      before: { name: was?.name, fees: was?.fees, limits: was?.limits, transfers: was ? transferSettingsOf(was) : undefined },
      after: patch,
    },
    ...meta,
  });
  return productView(updated!);
}
