import { createFeature, createReducer, on } from '@ngrx/store';
import { SessionActions } from '../session/session.actions';
import { ContextActions } from './context.actions';

/** The company and product every screen works in (PRODUCT.md chapter 3, "Company / product selection"). */
export interface ContextState {
  companyId: string | null;
  productCode: string | null;
}

export const initialContextState: ContextState = { companyId: null, productCode: null };

export const contextFeature = createFeature({
  name: 'context',
  reducer: createReducer(
    initialContextState,
    on(ContextActions.selected, (_state, { companyId, productCode }) => ({ companyId, productCode })),
    // Only an explicit sign-out forgets the selection; an inactivity timeout keeps local data.
    on(SessionActions.signedOut, (state, { reason }) => (reason === 'user' ? initialContextState : state)),
  ),
});
