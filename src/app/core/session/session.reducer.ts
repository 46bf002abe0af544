import { createFeature, createReducer, on } from '@ngrx/store';
import type { SessionUser } from '../../../domain/session';
import { DEVICE_CODE_INVALID, type ApiFailure } from '../api/api-failure';
import { SessionActions, type SignOutReason } from './session.actions';

export interface LoginState {
  pending: boolean;
  failure: ApiFailure | null;
  /** The server e-mailed a code for this new device: the form asks for it. */
  deviceCodeRequired: boolean;
}

export interface SessionState {
  user: SessionUser | null;
  /** Memory only: never persisted. */
  accessToken: string | null;
  /** Persisted with the user so a reload (or an offline start) keeps the session. */
  refreshToken: string | null;
  mustChangePassword: boolean;
  login: LoginState;
  signOutReason: SignOutReason | null;
}

export const initialLoginState: LoginState = { pending: false, failure: null, deviceCodeRequired: false };

export const initialSessionState: SessionState = {
  user: null,
  accessToken: null,
  refreshToken: null,
  mustChangePassword: false,
  login: initialLoginState,
  signOutReason: null,
};

export const sessionFeature = createFeature({
  name: 'session',
  reducer: createReducer(
    initialSessionState,
    on(SessionActions.loginRequested, (state) => ({
      ...state,
      login: { ...state.login, pending: true, failure: null },
    })),
    on(SessionActions.loginSucceeded, SessionActions.passwordChanged, (_state, { answer }) => ({
      user: answer.user,
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      mustChangePassword: answer.mustChangePassword,
      login: initialLoginState,
      signOutReason: null,
    })),
    on(SessionActions.loginFailed, (state, { failure }) => ({
      ...state,
      login: {
        pending: false,
        failure,
        // A spent code cannot be retried: the next attempt goes without one and gets a new e-mail.
        deviceCodeRequired: failure.code === DEVICE_CODE_INVALID ? false : state.login.deviceCodeRequired,
      },
    })),
    on(SessionActions.deviceCodeRequired, (state) => ({
      ...state,
      login: { pending: false, failure: null, deviceCodeRequired: true },
    })),
    on(SessionActions.loginFormReset, (state) => ({ ...state, login: initialLoginState, signOutReason: null })),
    on(SessionActions.tokensRefreshed, (state, { accessToken, refreshToken }) => ({
      ...state,
      accessToken,
      refreshToken,
    })),
    on(SessionActions.userLoaded, (state, { user }) => ({ ...state, user })),
    on(SessionActions.signedOut, (_state, { reason }) => ({ ...initialSessionState, signOutReason: reason })),
  ),
});
