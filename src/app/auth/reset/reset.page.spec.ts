import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { FlashMessage } from '../../core/flash/flash-message';
import ResetPage from './reset.page';

describe('ResetPage', () => {
  let fixture: ComponentFixture<ResetPage>;
  let backend: HttpTestingController;

  async function open(token?: string) {
    TestBed.configureTestingModule({
      imports: [ResetPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ResetPage);
    if (token !== undefined) fixture.componentRef.setInput('token', token);
    await fixture.whenStable();
  }

  afterEach(() => backend.verify());

  const el = () => fixture.nativeElement as HTMLElement;

  async function submit(newPassword: string, confirmPassword = newPassword) {
    fixture.componentInstance.form.setValue({ newPassword, confirmPassword });
    el().querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('without a token in the link, offers to ask for a new one instead of a form', async () => {
    await open();
    expect(el().querySelector('[data-testid="reset-invalid"]')?.textContent).toContain('El enlace no es válido o ya venció');
    expect(el().querySelector('form')).toBeNull();
  });

  it('sends the token with the new password, then goes to the sign-in page with a notice', async () => {
    await open('tok-123');
    const navigate = spyOn(TestBed.inject(Router), 'navigateByUrl').and.resolveTo(true);
    await submit('Nueva-Clave-2026!');
    const req = backend.expectOne('/api/v1/auth/reset');
    expect(req.request.body).toEqual({ token: 'tok-123', newPassword: 'Nueva-Clave-2026!' });
    req.flush(null);
    expect(navigate).toHaveBeenCalledWith('/ingresar');
    expect(TestBed.inject(FlashMessage).take()).toBe('login.notice.passwordReset');
  });

  it('does not send passwords that differ or break the policy', async () => {
    await open('tok-123');
    await submit('Nueva-Clave-2026!', 'Nueva-Clave-2027!');
    await submit('corta');
    backend.expectNone('/api/v1/auth/reset');
    expect(el().textContent).toContain('Debe tener entre 8 y 64 caracteres');
  });

  it('a spent or expired link (INVALID_TOKEN) replaces the form with the invalid-link message', async () => {
    await open('tok-used');
    await submit('Nueva-Clave-2026!');
    backend
      .expectOne('/api/v1/auth/reset')
      .flush({ error: { code: 'INVALID_TOKEN', message: 'x' } }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="reset-invalid"]')).not.toBeNull();
    expect(el().querySelector('form')).toBeNull();
  });

  it('shows the policy rule the server applied and keeps the form', async () => {
    await open('tok-123');
    await submit('Password123!');
    backend
      .expectOne('/api/v1/auth/reset')
      .flush({ error: { code: 'PASSWORD_POLICY', message: 'server wording', details: { rule: 'history' } } }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('No puede ser ninguna de sus últimas 5 contraseñas');
    expect(el().querySelector('form')).not.toBeNull();
  });
});
