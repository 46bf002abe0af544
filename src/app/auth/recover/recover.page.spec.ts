import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import RecoverPage from './recover.page';

describe('RecoverPage', () => {
  let fixture: ComponentFixture<RecoverPage>;
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [RecoverPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(RecoverPage);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  const el = () => fixture.nativeElement as HTMLElement;
  const text = (selector: string) => el().querySelector(selector)?.textContent?.trim() ?? null;

  async function submit(login: string, taxId: string, email: string) {
    fixture.componentInstance.form.setValue({ login, taxId, email });
    el().querySelector('form')!.dispatchEvent(new Event('submit'));
    await fixture.whenStable();
  }

  it('sends user id or e-mail, the company tax id (normalised) and the e-mail', async () => {
    await submit(' carga ', 'j000000001', 'carga@alimentos-demo.example');
    const req = backend.expectOne('/api/v1/auth/recover');
    expect(req.request.body).toEqual({ login: 'carga', taxId: 'J000000001', email: 'carga@alimentos-demo.example' });
    req.flush({});
    await fixture.whenStable();
    expect(text('[data-testid="recover-done"]')).toContain('recibirá en su correo un enlace válido por 15 minutos');
  });

  it('gives the same answer when the server refuses the data (no account enumeration)', async () => {
    await submit('nadie', 'J999999999', 'nadie@example.com');
    backend
      .expectOne('/api/v1/auth/recover')
      .flush({ error: { code: 'NOT_FOUND', message: 'x' } }, { status: 404, statusText: 'Not Found' });
    await fixture.whenStable();
    expect(text('[data-testid="recover-done"]')).toContain('recibirá en su correo un enlace válido por 15 minutos');
  });

  it('says nothing was sent when offline or rate limited, and keeps the form', async () => {
    await submit('carga', 'J000000001', 'carga@alimentos-demo.example');
    backend.expectOne('/api/v1/auth/recover').error(new ProgressEvent('error'), { status: 0 });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="recover-done"]')).toBeNull();
    expect(text('[role="alert"]')).toContain('Sin conexión');

    await submit('carga', 'J000000001', 'carga@alimentos-demo.example');
    backend
      .expectOne('/api/v1/auth/recover')
      .flush({ error: { code: 'RATE_LIMITED', message: 'x' } }, { status: 429, statusText: 'Too Many Requests' });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="recover-done"]')).toBeNull();
    expect(text('[role="alert"]')).toContain('Demasiados intentos');
    expect(el().querySelector('form')).not.toBeNull();
  });

  it('asks to check the data when the server refuses their form (400), instead of claiming a mail was sent', async () => {
    await submit('carga', "J'; DROP TABLE x", 'carga@alimentos-demo.example');
    backend
      .expectOne('/api/v1/auth/recover')
      .flush({ error: { code: 'VALIDATION', message: 'Datos inválidos.' } }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(el().querySelector('[data-testid="recover-done"]')).toBeNull();
    expect(text('[data-testid="recover-error"]')).toContain('RIF');
    expect(el().querySelector('form')).not.toBeNull();
  });

  it('does not send an incomplete form or a malformed e-mail', async () => {
    await submit('carga', '', 'carga@alimentos-demo.example');
    await submit('carga', 'J000000001', 'no-es-correo');
    backend.expectNone('/api/v1/auth/recover');
    expect(fixture.componentInstance.form.controls.email.hasError('email')).toBeTrue();
  });
});
