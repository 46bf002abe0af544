import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { Actions } from '@ngrx/effects';
import { provideMockActions } from '@ngrx/effects/testing';
import { type Action, Store } from '@ngrx/store';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { Observable, ReplaySubject, firstValueFrom, of, throwError, toArray } from 'rxjs';
import { loginAnswer, rootState, signedInSession } from '../../testing/fixtures';
import { AuthApi } from '../api/auth-api';
import { STORAGE_KEYS } from '../config';
import { DeviceId } from '../device/device-id';
import { LocalDataWiper } from '../storage/local-data-wiper';
import { BROWSER_STORAGE, LocalStore, memoryStorage } from '../storage/local-store';
import { SessionActions } from './session.actions';
import * as effects from './session.effects';

function apiError(status: number, code?: string): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: code ? { error: { code, message: 'x' } } : null });
}

describe('session effects', () => {
  let actions: ReplaySubject<Action>;
  let api: jasmine.SpyObj<AuthApi>;
  let router: jasmine.SpyObj<Router>;
  let storage: Storage;
  let store: MockStore;

  beforeEach(() => {
    actions = new ReplaySubject<Action>();
    api = jasmine.createSpyObj<AuthApi>('AuthApi', ['login', 'logout', 'me']);
    router = jasmine.createSpyObj<Router>('Router', ['navigateByUrl']);
    router.navigateByUrl.and.resolveTo(true);
    storage = memoryStorage({
      [STORAGE_KEYS.deviceId]: JSON.stringify('device-1'),
      [STORAGE_KEYS.session]: JSON.stringify({ refreshToken: 'refresh-1' }),
      [STORAGE_KEYS.selection]: JSON.stringify({ companyId: 'c1', productCode: 'ALIM' }),
      'other-app': 'kept',
    });
    TestBed.configureTestingModule({
      providers: [
        provideMockActions(() => actions),
        provideMockStore({ initialState: rootState({ session: signedInSession() }) }),
        { provide: AuthApi, useValue: api },
        { provide: Router, useValue: router },
        { provide: BROWSER_STORAGE, useValue: storage },
      ],
    });
    store = TestBed.inject(MockStore);
  });

  const run = <T>(effect: () => Observable<T>) => TestBed.runInInjectionContext(effect);

  describe('login', () => {
    it('sends the device id and answers success', async () => {
      api.login.and.returnValue(of(loginAnswer()));
      actions.next(SessionActions.loginRequested({ userId: 'carga', password: 'Carga#2026' }));
      const result = await firstValueFrom(run(effects.login));
      expect(api.login).toHaveBeenCalledWith({ userId: 'carga', password: 'Carga#2026', deviceId: 'device-1' });
      expect(result).toEqual(SessionActions.loginSucceeded({ answer: loginAnswer() }));
    });

    it('creates a device id once and reuses it', async () => {
      storage.removeItem(STORAGE_KEYS.deviceId);
      const device = TestBed.inject(DeviceId);
      const first = device.get();
      expect(first).toMatch(/^[0-9a-f-]{36}$/);
      expect(device.get()).toBe(first);
    });

    it('reports the status and code of a failure', async () => {
      api.login.and.returnValue(throwError(() => apiError(423, 'ACCOUNT_LOCKED')));
      actions.next(SessionActions.loginRequested({ userId: 'u', password: 'p' }));
      const result = await firstValueFrom(run(effects.login));
      expect(result).toEqual(SessionActions.loginFailed({ failure: { status: 423, code: 'ACCOUNT_LOCKED', message: 'x' } }));
    });

    it('asks for the e-mailed code on 401 DEVICE_CODE_REQUIRED, then resubmits it', async () => {
      api.login.and.returnValue(throwError(() => apiError(401, 'DEVICE_CODE_REQUIRED')));
      actions.next(SessionActions.loginRequested({ userId: 'u', password: 'p' }));
      expect(await firstValueFrom(run(effects.login))).toEqual(SessionActions.deviceCodeRequired());

      api.login.and.returnValue(of(loginAnswer()));
      const again = new ReplaySubject<Action>();
      again.next(SessionActions.loginRequested({ userId: 'u', password: 'p', deviceCode: '123456' }));
      await firstValueFrom(TestBed.runInInjectionContext(() => effects.login(again as unknown as Actions)));
      expect(api.login.calls.mostRecent().args[0]).toEqual({ userId: 'u', password: 'p', deviceId: 'device-1', deviceCode: '123456' });
    });

    it('goes to the forced password change when the server asks for it', async () => {
      actions.next(SessionActions.loginSucceeded({ answer: loginAnswer({ mustChangePassword: true }) }));
      await firstValueFrom(run(effects.navigateAfterLogin));
      expect(router.navigateByUrl).toHaveBeenCalledWith('/cambiar-clave');
    });

    it('persists refresh token and user, never the access token', async () => {
      actions.next(SessionActions.tokensRefreshed({ accessToken: 'a2', refreshToken: 'r2' }));
      store.setState(rootState({ session: signedInSession({ accessToken: 'a2', refreshToken: 'r2' }) }));
      await firstValueFrom(run(effects.persistSession));
      const saved = storage.getItem(STORAGE_KEYS.session)!;
      expect(JSON.parse(saved).refreshToken).toBe('r2');
      expect(saved).not.toContain('a2');
    });
  });

  describe('sign-out', () => {
    it('explicit sign-out wipes the app data (not the device id, not other apps) and revokes the token', async () => {
      actions.next(SessionActions.signOutRequested());
      const result = await firstValueFrom(run(effects.signOut));
      expect(result).toEqual(SessionActions.signedOut({ reason: 'user', revokeToken: 'refresh-1' }));
      expect(storage.getItem(STORAGE_KEYS.session)).toBeNull();
      expect(storage.getItem(STORAGE_KEYS.selection)).toBeNull();
      expect(storage.getItem(STORAGE_KEYS.deviceId)).not.toBeNull();
      expect(storage.getItem('other-app')).toBe('kept');

      api.logout.and.returnValue(of(undefined));
      const signedOut = new ReplaySubject<Action>();
      signedOut.next(result);
      signedOut.complete();
      await firstValueFrom(TestBed.runInInjectionContext(() => effects.revokeOnServer(signedOut as unknown as Actions)).pipe(toArray()));
      expect(api.logout).toHaveBeenCalledWith('refresh-1');
    });

    it('runs the registered local-data clean-ups (IndexedDB later)', async () => {
      const wiper = TestBed.inject(LocalDataWiper);
      spyOn(TestBed.inject(LocalStore), 'wipeAppData').and.callThrough();
      await wiper.wipe();
      expect(TestBed.inject(LocalStore).wipeAppData).toHaveBeenCalled();
    });

    it('inactivity drops the saved session but keeps local data', async () => {
      actions.next(SessionActions.inactivityTimeout());
      const result = await firstValueFrom(run(effects.endOnInactivity));
      expect(result).toEqual(SessionActions.signedOut({ reason: 'inactivity', revokeToken: 'refresh-1' }));
      expect(storage.getItem(STORAGE_KEYS.session)).toBeNull();
      expect(storage.getItem(STORAGE_KEYS.selection)).not.toBeNull();
    });

    it('a failed refresh ends the session as expired', async () => {
      actions.next(SessionActions.refreshFailed());
      expect(await firstValueFrom(run(effects.endOnRefreshFailure))).toEqual(
        SessionActions.signedOut({ reason: 'expired', revokeToken: null }),
      );
    });

    it('an unreachable server does not block sign-out', async () => {
      api.logout.and.returnValue(throwError(() => apiError(0)));
      const signedOut = new ReplaySubject<Action>();
      signedOut.next(SessionActions.signedOut({ reason: 'user', revokeToken: 'r' }));
      signedOut.complete();
      const emitted = await firstValueFrom(
        TestBed.runInInjectionContext(() => effects.revokeOnServer(signedOut as unknown as Actions)).pipe(toArray()),
      );
      expect(emitted).toEqual([]);
    });

    it('goes back to the sign-in page', async () => {
      actions.next(SessionActions.signedOut({ reason: 'expired', revokeToken: null }));
      await firstValueFrom(run(effects.navigateAfterSignOut));
      expect(router.navigateByUrl).toHaveBeenCalledWith('/ingresar');
      expect(TestBed.inject(Store)).toBe(store);
    });
  });
});
