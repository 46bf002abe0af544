import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { rootState } from '../../testing/fixtures';
import type { ApiFailure } from '../../core/api/api-failure';
import { SessionActions } from '../../core/session/session.actions';
import { initialSessionState, type SessionState } from '../../core/session/session.reducer';
import LoginPage from './login.page';

describe('LoginPage', () => {
  let store: MockStore;
  let fixture: ComponentFixture<LoginPage>;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [provideRouter([]), provideMockStore({ initialState: rootState() })],
    });
    store = TestBed.inject(MockStore);
    fixture = TestBed.createComponent(LoginPage);
    await fixture.whenStable();
  });

  const el = () => fixture.nativeElement as HTMLElement;
  const text = (selector: string) => el().querySelector(selector)?.textContent?.trim() ?? null;

  async function withSession(session: Partial<SessionState>) {
    store.setState(rootState({ session: { ...initialSessionState, ...session } }));
    await fixture.whenStable();
  }

  async function failWith(failure: ApiFailure, deviceCodeRequired = false) {
    await withSession({ login: { pending: false, failure, deviceCodeRequired } });
  }

  function type(name: string, value: string) {
    const input = el().querySelector<HTMLInputElement>(`input[name="${name}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  it('shows the same generic message for every 401, whatever the cause', async () => {
    await failWith({ status: 401, code: 'INVALID_CREDENTIALS', message: 'User not found' });
    expect(text('[data-testid="login-error"]')).toBe('Usuario o contraseña inválidos');
    await failWith({ status: 401, code: 'SOMETHING_ELSE', message: 'wrong password' });
    expect(text('[data-testid="login-error"]')).toBe('Usuario o contraseña inválidos');
  });

  it('tells a locked account to use recovery or ask an admin (423)', async () => {
    await failWith({ status: 423, code: 'ACCOUNT_LOCKED', message: null });
    expect(text('[data-testid="login-error"]')).toContain('bloqueada');
    expect(text('[data-testid="login-error"]')).toContain('recuperación');
  });

  it('says "demasiados intentos" on 429', async () => {
    await failWith({ status: 429, code: 'RATE_LIMITED', message: null });
    expect(text('[data-testid="login-error"]')).toContain('Demasiados intentos');
  });

  it('says the server is unreachable on status 0', async () => {
    await failWith({ status: 0, code: null, message: null });
    expect(text('[data-testid="login-error"]')).toContain('Sin conexión');
  });

  it('asks for the e-mailed device code and sends it with the credentials', async () => {
    expect(el().querySelector('[data-testid="device-code"]')).toBeNull();
    await withSession({ login: { pending: false, failure: null, deviceCodeRequired: true } });
    expect(el().querySelector('[data-testid="device-code"]')).not.toBeNull();
    const dispatch = spyOn(store, 'dispatch');
    type('userId', ' carga ');
    type('password', 'Carga#2026');
    type('deviceCode', '123456');
    el().querySelector('form')!.dispatchEvent(new Event('submit'));
    expect(dispatch).toHaveBeenCalledWith(
      SessionActions.loginRequested({ userId: 'carga', password: 'Carga#2026', deviceCode: '123456' }),
    );
  });

  it('says when the e-mailed code is wrong or expired', async () => {
    await failWith({ status: 401, code: 'DEVICE_CODE_INVALID', message: null });
    expect(text('[data-testid="login-error"]')).toContain('código no es válido');
  });

  it('does not submit an empty form', async () => {
    const dispatch = spyOn(store, 'dispatch');
    el().querySelector('form')!.dispatchEvent(new Event('submit'));
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('explains a sign-out caused by inactivity', async () => {
    await withSession({ signOutReason: 'inactivity' });
    expect(text('[data-testid="login-notice"]')).toBe('Sesión cerrada por inactividad');
  });
});
