import { contextFeature, type ContextState } from '../context/context.reducer';
import { restoreContext } from '../context/context.persistence';
import { sessionFeature, type SessionState } from '../session/session.reducer';
import { restoreSession } from '../session/session.persistence';
import { initialStatusState, statusFeature, type StatusState } from '../status/status.reducer';

export interface RootState {
  session: SessionState;
  context: ContextState;
  status: StatusState;
}

export const rootReducers = {
  [sessionFeature.name]: sessionFeature.reducer,
  [contextFeature.name]: contextFeature.reducer,
  [statusFeature.name]: statusFeature.reducer,
};

/** Start-up state: the session and selection saved on this device, so a reload (even offline) resumes. */
export function restoreRootState(storage: Storage = localStorage, onLine = navigator.onLine): RootState {
  return {
    session: restoreSession(storage),
    context: restoreContext(storage),
    status: { ...initialStatusState, online: onLine },
  };
}
