import { createActionGroup, emptyProps, props } from '@ngrx/store';

export const StatusActions = createActionGroup({
  source: 'Status',
  events: {
    'Went Online': emptyProps(),
    'Went Offline': emptyProps(),
    /** An API call failed with status 0: the network or the server is out of reach. */
    'Api Unreachable': emptyProps(),
    'Api Reachable': emptyProps(),
    /** Filled by the sync issue (RxDB replication and the offline request queue). */
    'Sync Status Changed': props<{ lastSyncAt: string | null; pendingCount: number }>(),
  },
});
