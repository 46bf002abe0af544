import { STORAGE_KEYS } from '../config';
import { readJson } from '../storage/local-store';
import { initialContextState, type ContextState } from './context.reducer';

export function restoreContext(storage: Storage): ContextState {
  const saved = readJson<Partial<ContextState>>(storage, STORAGE_KEYS.selection);
  return {
    companyId: typeof saved?.companyId === 'string' ? saved.companyId : initialContextState.companyId,
    productCode: typeof saved?.productCode === 'string' ? saved.productCode : initialContextState.productCode,
  };
}
