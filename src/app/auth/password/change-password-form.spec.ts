import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { loginAnswer, rootState, signedInSession } from '../../testing/fixtures';
import { SessionActions } from '../../core/session/session.actions';
import { ChangePasswordForm } from './change-password-form';

describe('ChangePasswordForm', () => {
  let fixture: ComponentFixture<ChangePasswordForm>;
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ChangePasswordForm],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockStore({ initialState: rootState({ session: signedInSession() }) }),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ChangePasswordForm);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  async function submit(current: string, next: string, confirm = next) {
    fixture.componentInstance.form.setValue({ currentPassword: current, newPassword: next, confirmPassword: confirm });
    fixture.componentInstance.submit();
    await fixture.whenStable();
  }

  const error = () => (fixture.nativeElement as HTMLElement).querySelector('[data-testid="password-error"]')?.textContent?.trim();

  it('does not send a password the shared policy refuses (contains the user id)', async () => {
    await submit('Carga#2026', 'carga-nueva-1');
    backend.expectNone('/api/v1/auth/password');
    expect(fixture.componentInstance.form.controls.newPassword.hasError('passwordIsUserId')).toBeTrue();
  });

  it('stores the new session when the server accepts', async () => {
    const dispatch = spyOn(TestBed.inject(MockStore), 'dispatch');
    let changed = false;
    fixture.componentInstance.changed.subscribe(() => (changed = true));
    await submit('Carga#2026', 'Otra#Clave2027');
    const req = backend.expectOne('/api/v1/auth/password');
    expect(req.request.body).toEqual({ currentPassword: 'Carga#2026', newPassword: 'Otra#Clave2027' });
    req.flush(loginAnswer({ accessToken: 'a-new' }));
    expect(dispatch).toHaveBeenCalledWith(SessionActions.passwordChanged({ answer: loginAnswer({ accessToken: 'a-new' }) }));
    expect(changed).toBeTrue();
  });

  it('says the current password is wrong (403 INVALID_PASSWORD)', async () => {
    await submit('mala', 'Otra#Clave2027');
    backend
      .expectOne('/api/v1/auth/password')
      .flush({ error: { code: 'INVALID_PASSWORD', message: 'x' } }, { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();
    expect(error()).toBe('La contraseña actual no es correcta');
  });

  it('names the refused rule with the catalogue’s text (details.rule), not the server’s wording', async () => {
    await submit('Carga#2026', 'Password123');
    backend
      .expectOne('/api/v1/auth/password')
      .flush({ error: { code: 'PASSWORD_POLICY', message: 'server wording', details: { rule: 'common' } } }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(error()).toBe('La contraseña es demasiado común; elija otra menos predecible');

    await submit('Carga#2026', 'Anterior#2025');
    backend
      .expectOne('/api/v1/auth/password')
      .flush({ error: { code: 'PASSWORD_POLICY', message: 'server wording', details: { rule: 'history' } } }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(error()).toBe('No puede ser ninguna de sus últimas 5 contraseñas');
  });

  it('shows the server’s wording for a rule the app does not know yet', async () => {
    await submit('Carga#2026', 'Password123');
    backend
      .expectOne('/api/v1/auth/password')
      .flush({ error: { code: 'PASSWORD_POLICY', message: 'La contraseña es demasiado común.' } }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(error()).toBe('La contraseña es demasiado común.');
  });
});
