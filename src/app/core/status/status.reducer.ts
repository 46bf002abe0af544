import { createFeature, createReducer, on } from '@ngrx/store';
import { StatusActions } from './status.actions';

export interface StatusState {
  online: boolean;
  /** ISO time of the last successful sync; null = never. */
  lastSyncAt: string | null;
  /** Offline requests waiting to be sent. */
  pendingCount: number;
}

export const initialStatusState: StatusState = { online: true, lastSyncAt: null, pendingCount: 0 };

export const statusFeature = createFeature({
  name: 'status',
  reducer: createReducer(
    initialStatusState,
    on(StatusActions.wentOnline, StatusActions.apiReachable, (state) => ({ ...state, online: true })),
    on(StatusActions.wentOffline, StatusActions.apiUnreachable, (state) => ({ ...state, online: false })),
    on(StatusActions.syncStatusChanged, (state, { lastSyncAt, pendingCount }) => ({
      ...state,
      lastSyncAt,
      pendingCount,
    })),
  ),
});

export const { selectOnline, selectLastSyncAt, selectPendingCount } = statusFeature;
