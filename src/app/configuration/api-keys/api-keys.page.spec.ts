import { TestBed } from '@angular/core/testing';
import type { ApiKeySummary } from '../../../domain/api-keys';
import { click, nextRequest, settle, setUpPage, typeInto } from '../../lots/testing/page-harness';
import ApiKeysPage from './api-keys.page';

const URL = '/api/v1/companies/c1/api-keys';

function key(over: Partial<ApiKeySummary> = {}): ApiKeySummary {
  return {
    id: 'abcdefghij012345',
    companyId: 'c1',
    name: 'ERP nómina',
    prefix: 'cek_abcdefghij012345_',
    permissions: ['lots.upload', 'cards.view'],
    createdAt: '2026-11-25T12:00:00.000Z',
    createdBy: 'admin',
    lastUsedAt: null,
    revokedAt: null,
    revokedBy: null,
    ...over,
  };
}

describe('ApiKeysPage', () => {
  beforeEach(() => setUpPage('admin', ['company.manage', 'lots.upload', 'cards.view', 'lots.sign']));
  afterEach(() => document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = '')));

  it('lists the company’s keys in the grid: name, state, prefix, permissions, never a secret', async () => {
    const fixture = TestBed.createComponent(ApiKeysPage);
    fixture.detectChanges();
    (await nextRequest(URL, 'GET')).flush({
      apiKeys: [key(), key({ id: 'zzzzzzzzzzzzzzzz', name: 'Vieja', prefix: 'cek_zzzzzzzzzzzzzzzz_', revokedAt: '2026-11-25T13:00:00.000Z', revokedBy: 'admin' })],
    });
    await fixture.whenStable();
    await settle(5);
    const text = (fixture.nativeElement as HTMLElement).textContent ?? '';
    expect(text).toContain('ERP nómina');
    expect(text).toContain('cek_abcdefghij012345_');
    expect(text).toContain('Cargar lotes, Consultar tarjetas');
    expect(text).toContain('Activa');
    expect(text).toContain('Revocada');
    expect(text).toContain('Nunca');
  });

  it('creates a key with permissions the user holds and shows it once', async () => {
    const fixture = TestBed.createComponent(ApiKeysPage);
    fixture.detectChanges();
    (await nextRequest(URL, 'GET')).flush({ apiKeys: [] });
    await fixture.whenStable();
    void fixture.componentInstance.create();
    await settle(5);
    // only what keys may hold and the user holds: lots.upload and cards.view (not lots.sign, not orders.view)
    const offered = [...document.querySelectorAll('[data-testid^="api-key-perm-"]')].map((e) => e.getAttribute('data-testid'));
    expect(offered).toEqual(['api-key-perm-lots.upload', 'api-key-perm-cards.view']);
    typeInto('[data-testid="api-key-name"]', 'ERP nómina');
    typeInto('[data-testid="api-key-password"]', 'Admin#2026');
    click('[data-testid="api-key-perm-cards.view"] input');
    await settle(2);
    click('[data-testid="api-key-submit"]');
    const post = await nextRequest(URL, 'POST');
    expect(post.request.body).toEqual({ name: 'ERP nómina', permissions: ['cards.view'], password: 'Admin#2026' });
    post.flush({ key: 'cek_abcdefghij012345_' + 'S'.repeat(43), apiKey: key({ permissions: ['cards.view'] }) });
    await settle(5);
    const secret = document.querySelector<HTMLTextAreaElement>('[data-testid="api-key-secret"]');
    expect(secret?.value).toBe('cek_abcdefghij012345_' + 'S'.repeat(43));
    expect(document.body.textContent).toContain('no se volverá a mostrar');
    click('[data-testid="api-key-done"]');
    await settle(5);
    (await nextRequest(URL, 'GET')).flush({ apiKeys: [key({ permissions: ['cards.view'] })] });
    await settle(3);
    expect(document.querySelector('[data-testid="api-key-secret"]')).toBeNull();
  });

  it('shows the server’s reason when creation is refused (wrong password) and keeps the dialog open', async () => {
    const fixture = TestBed.createComponent(ApiKeysPage);
    fixture.detectChanges();
    (await nextRequest(URL, 'GET')).flush({ apiKeys: [] });
    void fixture.componentInstance.create();
    await settle(5);
    typeInto('[data-testid="api-key-name"]', 'x');
    typeInto('[data-testid="api-key-password"]', 'mala');
    click('[data-testid="api-key-perm-lots.upload"] input');
    await settle(2);
    click('[data-testid="api-key-submit"]');
    (await nextRequest(URL, 'POST')).flush({ error: { code: 'INVALID_PASSWORD', message: 'La contraseña no es correcta.' } }, { status: 403, statusText: 'Forbidden' });
    await settle(5);
    expect(document.querySelector('[data-testid="api-key-error"]')?.textContent).toContain('La contraseña no es correcta.');
    expect(document.querySelector('[data-testid="api-key-secret"]')).toBeNull();
  });

  it('revokes the selected key after confirmation', async () => {
    const fixture = TestBed.createComponent(ApiKeysPage);
    fixture.detectChanges();
    (await nextRequest(URL, 'GET')).flush({ apiKeys: [key()] });
    await fixture.whenStable();
    fixture.componentInstance.selected.set(key());
    void fixture.componentInstance.revoke();
    await settle(5);
    click('[data-testid="api-key-revoke-confirm"]');
    const del = await nextRequest(`${URL}/abcdefghij012345`, 'DELETE');
    del.flush(key({ revokedAt: '2026-11-25T14:00:00.000Z', revokedBy: 'admin' }));
    (await nextRequest(URL, 'GET')).flush({ apiKeys: [key({ revokedAt: '2026-11-25T14:00:00.000Z', revokedBy: 'admin' })] });
    await settle(3);
    expect(fixture.componentInstance.rows()[0].revokedAt).not.toBeNull();
  });
});
