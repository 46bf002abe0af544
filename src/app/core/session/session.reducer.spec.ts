import { loginAnswer, signedInSession } from '../../testing/fixtures';
import { SessionActions } from './session.actions';
import { initialSessionState, sessionFeature } from './session.reducer';
import { selectIsSignedIn } from './session.selectors';

const reduce = sessionFeature.reducer;

describe('session reducer', () => {
  it('marks the login pending and clears the previous failure', () => {
    const failed = reduce(initialSessionState, SessionActions.loginFailed({ failure: { status: 401, code: 'X', message: null } }));
    const state = reduce(failed, SessionActions.loginRequested({ userId: 'u', password: 'p' }));
    expect(state.login.pending).toBeTrue();
    expect(state.login.failure).toBeNull();
  });

  it('keeps tokens, user and the forced-change flag on success', () => {
    const state = reduce(initialSessionState, SessionActions.loginSucceeded({ answer: loginAnswer({ mustChangePassword: true }) }));
    expect(state.accessToken).toBe('access-1');
    expect(state.refreshToken).toBe('refresh-1');
    expect(state.user?.userId).toBe('carga');
    expect(state.mustChangePassword).toBeTrue();
    expect(state.login.pending).toBeFalse();
    expect(selectIsSignedIn.projector(state.user, state.refreshToken)).toBeTrue();
  });

  it('asks for the device code and keeps asking after a wrong code', () => {
    let state = reduce(initialSessionState, SessionActions.deviceCodeRequired());
    expect(state.login.deviceCodeRequired).toBeTrue();
    state = reduce(state, SessionActions.loginRequested({ userId: 'u', password: 'p', deviceCode: '1' }));
    state = reduce(state, SessionActions.loginFailed({ failure: { status: 401, code: 'INVALID_CREDENTIALS', message: null } }));
    expect(state.login.deviceCodeRequired).toBeTrue();
    expect(state.login.failure?.status).toBe(401);
  });

  it('drops the code field when the code is spent, so the next attempt gets a new e-mail', () => {
    let state = reduce(initialSessionState, SessionActions.deviceCodeRequired());
    state = reduce(state, SessionActions.loginFailed({ failure: { status: 401, code: 'DEVICE_CODE_INVALID', message: null } }));
    expect(state.login.deviceCodeRequired).toBeFalse();
  });

  it('replaces both tokens on refresh and keeps the user', () => {
    const state = reduce(signedInSession(), SessionActions.tokensRefreshed({ accessToken: 'a2', refreshToken: 'r2' }));
    expect(state.accessToken).toBe('a2');
    expect(state.refreshToken).toBe('r2');
    expect(state.user?.userId).toBe('carga');
  });

  it('clears the forced change once the password is changed', () => {
    const forced = signedInSession({ mustChangePassword: true });
    const state = reduce(forced, SessionActions.passwordChanged({ answer: loginAnswer({ accessToken: 'a3' }) }));
    expect(state.mustChangePassword).toBeFalse();
    expect(state.accessToken).toBe('a3');
  });

  it('forgets everything on sign-out but remembers why', () => {
    const state = reduce(signedInSession(), SessionActions.signedOut({ reason: 'inactivity', revokeToken: 'refresh-1' }));
    expect(state.user).toBeNull();
    expect(state.accessToken).toBeNull();
    expect(state.refreshToken).toBeNull();
    expect(state.signOutReason).toBe('inactivity');
    expect(selectIsSignedIn.projector(state.user, state.refreshToken)).toBeFalse();
  });
});
