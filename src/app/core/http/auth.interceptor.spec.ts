import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Store, provideStore } from '@ngrx/store';
import { rootState, signedInSession } from '../../testing/fixtures';
import { SessionActions } from '../session/session.actions';
import { selectAccessToken, selectRefreshToken } from '../session/session.selectors';
import { selectOnline } from '../status/status.reducer';
import { type RootState, rootReducers } from '../store/root-state';
import { authInterceptor } from './auth.interceptor';
import { connectivityInterceptor } from './connectivity.interceptor';

describe('auth + connectivity interceptors', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let store: Store;

  function setUp(state: RootState) {
    TestBed.configureTestingModule({
      providers: [
        provideStore(rootReducers, { initialState: state }),
        provideHttpClient(withInterceptors([connectivityInterceptor, authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    store = TestBed.inject(Store);
    spyOn(store, 'dispatch').and.callThrough();
  }

  afterEach(() => backend.verify());

  it('adds the bearer token to API calls only, never to the public auth calls', () => {
    setUp(rootState({ session: signedInSession() }));
    http.get('/api/v1/me').subscribe();
    http.post('/api/v1/auth/login', {}).subscribe();
    http.get('/assets/x.json').subscribe();
    expect(backend.expectOne('/api/v1/me').request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(backend.expectOne('/api/v1/auth/login').request.headers.has('Authorization')).toBeFalse();
    expect(backend.expectOne('/assets/x.json').request.headers.has('Authorization')).toBeFalse();
  });

  it('refreshes once for concurrent 401s and retries each call with the new token', () => {
    setUp(rootState({ session: signedInSession() }));
    const results: unknown[] = [];
    http.get('/api/v1/a').subscribe((body) => results.push(body));
    http.get('/api/v1/b').subscribe((body) => results.push(body));
    backend.expectOne('/api/v1/a').flush({ error: { code: 'UNAUTHENTICATED', message: '' } }, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/b').flush({ error: { code: 'UNAUTHENTICATED', message: '' } }, { status: 401, statusText: 'Unauthorized' });

    const refresh = backend.expectOne('/api/v1/auth/refresh');
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush({ accessToken: 'access-2', refreshToken: 'refresh-2' });

    const retried = backend.match((req) => req.url === '/api/v1/a' || req.url === '/api/v1/b');
    expect(retried.length).toBe(2);
    retried.forEach((req) => expect(req.request.headers.get('Authorization')).toBe('Bearer access-2'));
    retried.forEach((req) => req.flush({ ok: req.request.url }));
    expect(results.length).toBe(2);
    expect(store.selectSignal(selectRefreshToken)()).toBe('refresh-2');
  });

  it('signs out when the refresh is refused', () => {
    setUp(rootState({ session: signedInSession() }));
    let status = -1;
    http.get('/api/v1/a').subscribe({ error: (error) => (status = error.status) });
    backend.expectOne('/api/v1/a').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').flush({ error: { code: 'INVALID_TOKEN', message: '' } }, { status: 401, statusText: 'Unauthorized' });
    expect(store.dispatch).toHaveBeenCalledWith(SessionActions.refreshFailed());
    expect(status).toBe(401);
  });

  it('keeps the session when the refresh cannot reach the server (offline)', () => {
    setUp(rootState({ session: signedInSession() }));
    http.get('/api/v1/a').subscribe({ error: () => undefined });
    backend.expectOne('/api/v1/a').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/v1/auth/refresh').error(new ProgressEvent('error'), { status: 0 });
    expect(store.dispatch).not.toHaveBeenCalledWith(SessionActions.refreshFailed());
    expect(store.selectSignal(selectOnline)()).toBeFalse();
  });

  it('gets an access token first after a reload (refresh token only)', () => {
    setUp(rootState({ session: signedInSession({ accessToken: null }) }));
    http.get('/api/v1/me').subscribe();
    backend.expectOne('/api/v1/auth/refresh').flush({ accessToken: 'access-9', refreshToken: 'refresh-9' });
    expect(backend.expectOne('/api/v1/me').request.headers.get('Authorization')).toBe('Bearer access-9');
    expect(store.selectSignal(selectAccessToken)()).toBe('access-9');
  });

  it('does not refresh on a 401 from the sign-in call', () => {
    setUp(rootState({ session: signedInSession() }));
    let status = -1;
    http.post('/api/v1/auth/login', {}).subscribe({ error: (error) => (status = error.status) });
    backend.expectOne('/api/v1/auth/login').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectNone('/api/v1/auth/refresh');
    expect(status).toBe(401);
  });

  it('marks the app offline on status 0 and online again on the next answer', () => {
    setUp(rootState({ session: signedInSession() }));
    http.get('/api/v1/a').subscribe({ error: () => undefined });
    backend.expectOne('/api/v1/a').error(new ProgressEvent('error'), { status: 0 });
    expect(store.selectSignal(selectOnline)()).toBeFalse();
    http.get('/api/v1/b').subscribe();
    const next = backend.expectOne('/api/v1/b');
    expect(next.request.headers.get('ngsw-bypass')).toBe('true');
    next.flush({});
    expect(store.selectSignal(selectOnline)()).toBeTrue();
  });
});
