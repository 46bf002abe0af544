import { TestBed } from '@angular/core/testing';
import { type Route, Router, UrlTree, provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { demoUser, rootState, signedInSession } from '../../testing/fixtures';
import { authGuard, guestGuard, passwordChangedGuard } from './auth.guard';
import { permissionGuard } from './permission.guard';

describe('route guards', () => {
  let store: MockStore;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideMockStore({ initialState: rootState() })] });
    store = TestBed.inject(MockStore);
  });

  const run = (guard: typeof authGuard, route: Route = {}) =>
    TestBed.runInInjectionContext(() => guard(route, []));
  const url = (result: unknown) => (result instanceof UrlTree ? TestBed.inject(Router).serializeUrl(result) : result);

  it('authGuard sends signed-out users to /ingresar', () => {
    expect(url(run(authGuard))).toBe('/ingresar');
    store.setState(rootState({ session: signedInSession() }));
    expect(run(authGuard)).toBeTrue();
  });

  it('a restored session (refresh token, no access token yet) counts as signed in', () => {
    store.setState(rootState({ session: signedInSession({ accessToken: null }) }));
    expect(run(authGuard)).toBeTrue();
  });

  it('passwordChangedGuard holds the user on /cambiar-clave until the forced change is done', () => {
    store.setState(rootState({ session: signedInSession({ mustChangePassword: true }) }));
    expect(url(run(passwordChangedGuard))).toBe('/cambiar-clave');
    store.setState(rootState({ session: signedInSession({ mustChangePassword: false }) }));
    expect(run(passwordChangedGuard)).toBeTrue();
  });

  it('guestGuard keeps signed-in users away from the sign-in page', () => {
    expect(run(guestGuard)).toBeTrue();
    store.setState(rootState({ session: signedInSession() }));
    expect(url(run(guestGuard))).toBe('/');
  });

  it('permissionGuard checks the permissions of the selected company', () => {
    const upload: Route = { data: { anyOf: ['lots.upload'] } };
    store.setState(rootState({ session: signedInSession(), context: { companyId: 'c1', productCode: 'ALIM' } }));
    expect(run(permissionGuard, upload)).toBeTrue();
    store.setState(rootState({ session: signedInSession(), context: { companyId: 'c2', productCode: 'NOMI' } }));
    expect(url(run(permissionGuard, upload))).toBe('/');
    expect(run(permissionGuard, { data: { anyOf: [] } })).toBeTrue();
  });

  it('permissionGuard checks the role when the route asks for one', () => {
    const operatorOnly: Route = { data: { anyOf: [], role: 'operator' } };
    store.setState(rootState({ session: signedInSession() }));
    expect(url(run(permissionGuard, operatorOnly))).toBe('/');
    store.setState(rootState({ session: signedInSession({ user: demoUser({ role: 'operator' }) }) }));
    expect(run(permissionGuard, operatorOnly)).toBeTrue();
  });
});
