import type { Response } from 'express';
import type { Permission } from '../../src/domain/permissions';
import { permissionsIn } from '../accounts/accounts.service';
import * as accounts from '../accounts/accounts.store';
import { authOf } from '../auth/auth.middleware';
import { forbidden, notFound } from '../common/domain-error';
import type { ServerContext } from '../context';
import { companyDb, isCompanyId, type CompanyDbKind } from '../store/databases';

/**
 * Which of a company's databases a device may replicate, by permission (docs/architecture.md "Sync").
 * lotrecords and ledger are server-only: they are not a sync kind at all (404).
 */
export const SYNC_KINDS = ['cards', 'lots', 'orders', 'branches', 'accounts', 'requests'] as const;
export type SyncKind = (typeof SYNC_KINDS)[number] & CompanyDbKind;

/** Only `requests` accepts pushes; everything else is pull-only. */
export const PUSH_KINDS: readonly SyncKind[] = ['requests'];

export function mayRead(kind: SyncKind, granted: readonly Permission[]): boolean {
  const has = (p: Permission) => granted.includes(p);
  switch (kind) {
    case 'cards':
      return has('cards.view');
    case 'orders':
      return has('orders.view');
    case 'lots':
      return granted.some((p) => p.startsWith('lots.')) || has('orders.view');
    case 'accounts':
      return has('transfers.execute') || has('orders.pay');
    case 'branches':
    case 'requests':
      return true;
  }
}

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
  if (!mayRead(kind, target.granted)) throw forbidden('No tiene permiso para sincronizar estos datos.', 'SYNC_FORBIDDEN');
  return { ...target, kind, db: companyDb(target.companyId, kind) };
}
