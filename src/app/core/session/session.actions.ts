import { createActionGroup, emptyProps, props } from '@ngrx/store';
import type { LoginAnswer, SessionUser } from '../../../domain/session';
import type { ApiFailure } from '../api/api-failure';

/** Why a session ended; the sign-in page tells the user. */
export type SignOutReason = 'user' | 'inactivity' | 'expired';

export const SessionActions = createActionGroup({
  source: 'Session',
  events: {
    'Login Requested': props<{ userId: string; password: string; deviceCode?: string }>(),
    'Login Succeeded': props<{ answer: LoginAnswer }>(),
    'Login Failed': props<{ failure: ApiFailure }>(),
    'Device Code Required': emptyProps(),
    'Login Form Reset': emptyProps(),
    'Tokens Refreshed': props<{ accessToken: string; refreshToken: string }>(),
    'Refresh Failed': emptyProps(),
    'Password Changed': props<{ answer: LoginAnswer }>(),
    'User Loaded': props<{ user: SessionUser }>(),
    'Sign Out Requested': emptyProps(),
    'Inactivity Timeout': emptyProps(),
    /** The token to revoke on the server travels with the action: the state no longer has it. */
    'Signed Out': props<{ reason: SignOutReason; revokeToken: string | null }>(),
  },
});
