import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { Actions, ROOT_EFFECTS_INIT, createEffect, ofType } from '@ngrx/effects';
import { Store } from '@ngrx/store';
import { EMPTY, catchError, exhaustMap, filter, map, mergeMap, of, switchMap, tap, withLatestFrom } from 'rxjs';
import { AuthApi } from '../api/auth-api';
import { DEVICE_CODE_REQUIRED, toApiFailure } from '../api/api-failure';
import { STORAGE_KEYS } from '../config';
import { DeviceId } from '../device/device-id';
import { LocalDataWiper } from '../storage/local-data-wiper';
import { LocalStore } from '../storage/local-store';
import { SessionActions } from './session.actions';
import { toPersistedSession } from './session.persistence';
import { selectIsSignedIn, selectRefreshToken, selectSessionState } from './session.selectors';

export const login = createEffect(
  (actions = inject(Actions), api = inject(AuthApi), device = inject(DeviceId)) =>
    actions.pipe(
      ofType(SessionActions.loginRequested),
      exhaustMap(({ userId, password, deviceCode }) =>
        api.login({ userId, password, deviceId: device.get(), ...(deviceCode ? { deviceCode } : {}) }).pipe(
          map((answer) => SessionActions.loginSucceeded({ answer })),
          catchError((error: unknown) => {
            const failure = toApiFailure(error);
            return of(
              failure.status === 401 && failure.code === DEVICE_CODE_REQUIRED
                ? SessionActions.deviceCodeRequired()
                : SessionActions.loginFailed({ failure }),
            );
          }),
        ),
      ),
    ),
  { functional: true },
);

export const persistSession = createEffect(
  (actions = inject(Actions), store = inject(Store), local = inject(LocalStore)) =>
    actions.pipe(
      ofType(
        SessionActions.loginSucceeded,
        SessionActions.passwordChanged,
        SessionActions.tokensRefreshed,
        SessionActions.userLoaded,
      ),
      withLatestFrom(store.select(selectSessionState)),
      tap(([, state]) => {
        const persisted = toPersistedSession(state);
        if (persisted) local.write(STORAGE_KEYS.session, persisted);
      }),
    ),
  { functional: true, dispatch: false },
);

export const navigateAfterLogin = createEffect(
  (actions = inject(Actions), router = inject(Router)) =>
    actions.pipe(
      ofType(SessionActions.loginSucceeded),
      tap(({ answer }) => void router.navigateByUrl(answer.mustChangePassword ? '/cambiar-clave' : '/')),
    ),
  { functional: true, dispatch: false },
);

/** Explicit sign-out: wipe everything the app keeps on the device, then revoke on the server. */
export const signOut = createEffect(
  (actions = inject(Actions), store = inject(Store), wiper = inject(LocalDataWiper)) =>
    actions.pipe(
      ofType(SessionActions.signOutRequested),
      withLatestFrom(store.select(selectRefreshToken)),
      switchMap(async ([, revokeToken]) => {
        await wiper.wipe();
        return SessionActions.signedOut({ reason: 'user', revokeToken });
      }),
    ),
  { functional: true },
);

/** Inactivity drops the tokens but keeps local data (cards, lots, pending requests). */
export const endOnInactivity = createEffect(
  (actions = inject(Actions), store = inject(Store), local = inject(LocalStore)) =>
    actions.pipe(
      ofType(SessionActions.inactivityTimeout),
      withLatestFrom(store.select(selectRefreshToken)),
      tap(() => local.remove(STORAGE_KEYS.session)),
      map(([, revokeToken]) => SessionActions.signedOut({ reason: 'inactivity', revokeToken })),
    ),
  { functional: true },
);

export const endOnRefreshFailure = createEffect(
  (actions = inject(Actions), local = inject(LocalStore)) =>
    actions.pipe(
      ofType(SessionActions.refreshFailed),
      tap(() => local.remove(STORAGE_KEYS.session)),
      map(() => SessionActions.signedOut({ reason: 'expired', revokeToken: null })),
    ),
  { functional: true },
);

/** Best effort: offline, the token simply expires on the server. */
export const revokeOnServer = createEffect(
  (actions = inject(Actions), api = inject(AuthApi)) =>
    actions.pipe(
      ofType(SessionActions.signedOut),
      filter(({ revokeToken }) => !!revokeToken),
      mergeMap(({ revokeToken }) => api.logout(revokeToken!).pipe(catchError(() => EMPTY))),
    ),
  { functional: true, dispatch: false },
);

export const navigateAfterSignOut = createEffect(
  (actions = inject(Actions), router = inject(Router)) =>
    actions.pipe(
      ofType(SessionActions.signedOut),
      tap(() => void router.navigateByUrl('/ingresar')),
    ),
  { functional: true, dispatch: false },
);

/** A restored session refreshes the profile: permissions may have changed since it was saved. */
export const loadUserOnStart = createEffect(
  (actions = inject(Actions), store = inject(Store), api = inject(AuthApi)) =>
    actions.pipe(
      ofType(ROOT_EFFECTS_INIT),
      withLatestFrom(store.select(selectIsSignedIn)),
      filter(([, signedIn]) => signedIn),
      exhaustMap(() =>
        api.me().pipe(
          map(({ user }) => SessionActions.userLoaded({ user })),
          catchError(() => EMPTY),
        ),
      ),
    ),
  { functional: true },
);
