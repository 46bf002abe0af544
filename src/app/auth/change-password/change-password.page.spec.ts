import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { MockStore, provideMockStore } from '@ngrx/store/testing';
import { SessionActions } from '../../core/session/session.actions';
import { loginAnswer, rootState, signedInSession } from '../../testing/fixtures';
import ChangePasswordPage from './change-password.page';

describe('ChangePasswordPage (/cambiar-clave)', () => {
  function render(mustChangePassword: boolean) {
    TestBed.configureTestingModule({
      imports: [ChangePasswordPage],
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideMockStore({ initialState: rootState({ session: signedInSession({ mustChangePassword }) }) }),
      ],
    });
    const dispatch = spyOn(TestBed.inject(MockStore), 'dispatch');
    const fixture = TestBed.createComponent(ChangePasswordPage);
    return { fixture, dispatch, el: fixture.nativeElement as HTMLElement };
  }

  it('when forced, says so and offers sign-out instead of a way back', async () => {
    const { fixture, dispatch, el } = render(true);
    await fixture.whenStable();
    expect(el.textContent).toContain('Debe cambiar su contraseña antes de continuar.');
    expect(el.querySelector('a[href="/perfil"]')).toBeNull();
    const signOut = Array.from(el.querySelectorAll('button')).find((button) => button.textContent!.includes('Cerrar sesión'))!;
    signOut.click();
    expect(dispatch).toHaveBeenCalledWith(SessionActions.signOutRequested());
  });

  it('when chosen, offers the way back to the profile and no forced notice', async () => {
    const { fixture, el } = render(false);
    await fixture.whenStable();
    expect(el.textContent).not.toContain('Debe cambiar su contraseña');
    expect(el.querySelector('a[href="/perfil"]')).not.toBeNull();
  });

  it('once the server accepts the new password, stores the new session and opens the app', async () => {
    const { fixture, dispatch } = render(true);
    await fixture.whenStable();
    const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
    const form = fixture.debugElement.query((node) => node.name === 'app-change-password-form').componentInstance;
    form.form.setValue({ currentPassword: 'Temporal#2026', newPassword: 'Nuevo-Acceso-2026', confirmPassword: 'Nuevo-Acceso-2026' });
    form.submit();
    TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/password').flush(loginAnswer({ accessToken: 'a-new' }));
    await fixture.whenStable();
    expect(dispatch).toHaveBeenCalledWith(SessionActions.passwordChanged({ answer: loginAnswer({ accessToken: 'a-new' }) }));
    expect(navigate).toHaveBeenCalledWith('/');
  });
});
