import type { Response } from 'express';
import type { Permission } from '../../src/domain/permissions';
import { SYNC_KINDS, mayReplicate, type SyncKind as DomainSyncKind } from '../../src/domain/sync-kinds';
import { permissionsIn } from '../accounts/accounts.service';
import * as accounts from '../accounts/accounts.store';
import { authOf } from '../auth/auth.middleware';
import { forbidden, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { companyDb, isCompanyId, type CompanyDbKind } from '../store/databases';

// Which of a company's databases a device may replicate, and by which permission: one definition
// with the device's (src/domain/sync-kinds.ts). An unknown kind (lotrecords, ledger) is a 404.
export { PUSH_KINDS, SYNC_KINDS } from '../../src/domain/sync-kinds';
export type SyncKind = DomainSyncKind & CompanyDbKind;

export const isSyncKind = (value: string): value is SyncKind => (SYNC_KINDS as readonly string[]).includes(value);

export interface SyncTarget {
  companyId: string;
  userId: string;
  granted: Permission[];
}

/**
 * The caller (requireAuth ran before: token, session family, user active) belongs to the company
 * (operators: every company) and the company is active. 404 otherwise, as requirePermission does.
 */
export async function companyAccess(ctx: ServerContext, res: Response, rawCompanyId: unknown): Promise<SyncTarget> {
  const { user } = authOf(res);
  const companyId = typeof rawCompanyId === 'string' ? rawCompanyId : '';
  const missing = () => notFound('Empresa no encontrada.', 'COMPANY_NOT_FOUND');
  if (!isCompanyId(companyId)) throw missing();
  const granted = permissionsIn(user, companyId);
  if (!granted) throw missing();
  const company = await accounts.getCompany(ctx, companyId);
  if (!company || (company.status !== 'active' && user.role !== 'operator')) throw missing();
  return { companyId, userId: user.userId, granted };
}

export async function kindAccess(ctx: ServerContext, res: Response, rawCompanyId: unknown, rawKind: unknown) {
  const target = await companyAccess(ctx, res, rawCompanyId);
  const kind = typeof rawKind === 'string' ? rawKind : '';
  if (!isSyncKind(kind)) throw notFound('Base de datos no sincronizable.', 'SYNC_KIND_NOT_FOUND');
  if (!mayReplicate(kind, target.granted)) throw forbidden('No tiene permiso para sincronizar estos datos.', 'SYNC_FORBIDDEN');
  return { ...target, kind, db: companyDb(target.companyId, kind) };
}
