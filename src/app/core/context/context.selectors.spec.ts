import { demoUser, rootState, signedInSession } from '../../testing/fixtures';
import { contextFeature } from './context.reducer';
import { ContextActions } from './context.actions';
import { selectGrantedPermissions, selectSelectedCompany, selectSelectedProduct } from './context.selectors';
import { SessionActions } from '../session/session.actions';

describe('context selectors', () => {
  const state = (companyId: string | null, productCode: string | null) =>
    rootState({ session: signedInSession(), context: { companyId, productCode } });

  it('falls back to the first company and product when nothing (or something stale) is selected', () => {
    expect(selectSelectedCompany(state(null, null))?.id).toBe('c1');
    expect(selectSelectedProduct(state('gone', 'NOPE'))?.code).toBe('ALIM');
  });

  it('gives the permissions of the selected company only', () => {
    expect(selectGrantedPermissions(state('c2', 'NOMI'))).toEqual(['users.manage', 'transfers.execute']);
    expect(selectSelectedProduct(state('c1', 'REGA'))?.name).toBe('Regalo');
  });

  it('has no company and no permissions when signed out', () => {
    const signedOut = rootState();
    expect(selectSelectedCompany(signedOut)).toBeNull();
    expect(selectGrantedPermissions(signedOut)).toEqual([]);
    expect(demoUser().companies.length).toBe(2);
  });

  it('forgets the selection on explicit sign-out only', () => {
    const selected = contextFeature.reducer(undefined, ContextActions.selected({ companyId: 'c2', productCode: 'NOMI' }));
    expect(contextFeature.reducer(selected, SessionActions.signedOut({ reason: 'inactivity', revokeToken: null }))).toEqual(selected);
    expect(contextFeature.reducer(selected, SessionActions.signedOut({ reason: 'user', revokeToken: null })).companyId).toBeNull();
  });
});
