import { recordAudit } from '../audit/audit.service';
import type { RequestMeta } from '../auth/auth.service';
import { conflict, notFound, notFoundWhenMissing } from '../common/domain-error';
import type { ServerContext } from '../context';
import { openingApplied } from '../ledger/opening';
import { companyDb } from '../store/databases';
import { createOnce, type Stored } from '../store/documents';
import {
  CompanyInputSchema,
  ProductInputSchema,
  type CompanyDoc,
  type CompanyInput,
  type CompanyPatch,
  type OperatorCompanyPatch,
  type ProductInput,
  type UserDoc,
} from './accounts.model';
import { createCompany, createProduct } from './accounts.service';
import * as store from './accounts.store';
import { masterAccountDocId, type MasterAccountDoc } from './master-accounts.model';
import { productView } from './products.service';

/** A company as the API shows it (no CouchDB fields). */
export function companyView(c: CompanyDoc) {
  return {
    id: c.id,
    taxId: c.taxId,
    legalName: c.legalName,
    tradeName: c.tradeName,
    address: c.address,
    phone: c.phone,
    contact: c.contact,
    authorizationPolicy: c.authorizationPolicy,
    newDeviceCodeRequired: c.newDeviceCodeRequired,
    status: c.status,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}
export type CompanyView = ReturnType<typeof companyView>;

export async function getCompanyView(ctx: ServerContext, companyId: string): Promise<CompanyView> {
  const company = await store.getCompany(ctx, companyId);
  if (!company) throw notFound('Empresa no encontrada.', 'COMPANY_NOT_FOUND');
  return companyView(company);
}

/**
 * Changes a company's data and policies. A manager (company.manage) changes contact data, the
 * authorization policy and the new-device code policy; the operator also the legal name and status.
 * The new policy applies to actions made after it (a lot already signed keeps its signatures).
 * Audited with the values before and after.
 */
export async function updateCompanyData(
  ctx: ServerContext,
  actor: UserDoc,
  companyId: string,
  patch: CompanyPatch | OperatorCompanyPatch,
  meta: RequestMeta,
): Promise<CompanyView> {
  let before: Stored<CompanyDoc> | null = null;
  const updated = await store
    .updateCompany(ctx, companyId, (c) => {
      before = c;
      const next = { ...c, ...patch };
      const same = (Object.keys(patch) as (keyof typeof patch)[]).every((k) => JSON.stringify(c[k]) === JSON.stringify(next[k]));
      return same ? null : { ...next, updatedAt: ctx.now().toISOString() };
    })
    .catch(notFoundWhenMissing('Empresa no encontrada.', 'COMPANY_NOT_FOUND'));
  const was = before as Stored<CompanyDoc> | null;
  const changedKeys = Object.keys(patch) as (keyof typeof patch)[];
  await recordAudit(ctx, {
    userId: actor.userId,
    companyId,
    action: 'company.update',
    outcome: 'ok',
    details: {
      before: Object.fromEntries(changedKeys.map((k) => [k, was?.[k] ?? null])),
      after: patch,
    },
    ...meta,
  });
  return companyView(updated!);
}

/** Operator: every company, active or not. */
export async function listAllCompanies(ctx: ServerContext): Promise<CompanyView[]> {
  return (await store.listCompanies(ctx)).map(companyView);
}

/**
 * Operator: a new company with its databases. The id and the tax id are unique (a second company
 * with the same RIF is refused, so a double click cannot make two).
 */
export async function createCompanyByOperator(ctx: ServerContext, actor: UserDoc, input: CompanyInput, meta: RequestMeta): Promise<CompanyView> {
  const data = CompanyInputSchema.parse(input);
  const sameTaxId = await store.findCompanyByTaxId(ctx, data.taxId);
  if (sameTaxId.some((c) => c.id !== data.id)) {
    await recordAudit(ctx, { userId: actor.userId, companyId: null, action: 'company.create', outcome: 'refused', reason: 'tax_id_exists', details: { companyId: data.id, taxId: data.taxId }, ...meta });
    throw conflict('TAX_ID_EXISTS', 'Ya existe una empresa con ese RIF.');
  }
  const outcome = await createCompany(ctx, data);
  if (outcome === 'exists') {
    await recordAudit(ctx, { userId: actor.userId, companyId: data.id, action: 'company.create', outcome: 'refused', reason: 'exists', ...meta });
    throw conflict('COMPANY_EXISTS', 'Ya existe una empresa con ese identificador.');
  }
  await recordAudit(ctx, { userId: actor.userId, companyId: data.id, action: 'company.create', outcome: 'ok', details: { taxId: data.taxId, legalName: data.legalName }, ...meta });
  return getCompanyView(ctx, data.id);
}

/**
 * Operator: a new product of a company, with its master account at zero (funded later from the
 * company's funding account). The account is created after the product: a crash in between leaves a
 * product without account, which the next create of the same product completes (both exactly-once).
 */
export async function createProductByOperator(ctx: ServerContext, actor: UserDoc, companyId: string, input: ProductInput, meta: RequestMeta) {
  const data = ProductInputSchema.parse(input);
  const outcome = await createProduct(ctx, companyId, data);
  const at = ctx.now().toISOString();
  await createOnce(ctx.store.use<MasterAccountDoc>(companyDb(companyId, 'accounts')), {
    _id: masterAccountDocId(data.code),
    type: 'account',
    productCode: data.code,
    balanceCents: 0,
    ...openingApplied(data.code, 0),
    createdAt: at,
    updatedAt: at,
  });
  if (outcome === 'exists') {
    await recordAudit(ctx, { userId: actor.userId, companyId, action: 'product.create', outcome: 'refused', reason: 'exists', details: { productCode: data.code }, ...meta });
    throw conflict('PRODUCT_EXISTS', 'La empresa ya tiene un producto con ese código.');
  }
  await recordAudit(ctx, { userId: actor.userId, companyId, action: 'product.create', outcome: 'ok', details: { productCode: data.code, fees: data.fees, limits: data.limits }, ...meta });
  return productView((await store.getProduct(ctx, companyId, data.code))!);
}
