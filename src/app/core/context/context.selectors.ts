import { createSelector } from '@ngrx/store';
import type { Permission } from '../../../domain/permissions';
import type { CompanyMembership, CompanyProductSummary } from '../../../domain/session';
import { selectCompanies } from '../session/session.selectors';
import { contextFeature } from './context.reducer';

export const { selectContextState, selectCompanyId, selectProductCode } = contextFeature;

/**
 * The selected company, falling back to the first one: a stale selection (company removed, other user)
 * must never leave the screens without a context.
 */
export const selectSelectedCompany = createSelector(
  selectCompanies,
  selectCompanyId,
  (companies, id): CompanyMembership | null => companies.find((company) => company.id === id) ?? companies[0] ?? null,
);

export const selectSelectedProduct = createSelector(
  selectSelectedCompany,
  selectProductCode,
  (company, code): CompanyProductSummary | null => company?.products.find((product) => product.code === code) ?? company?.products[0] ?? null,
);

export const selectGrantedPermissions = createSelector(
  selectSelectedCompany,
  (company): readonly Permission[] => company?.permissions ?? [],
);
