import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { lotItem } from '../testing/lot-fixtures';
import { click, nextRequest, settle, setUpPage, typeInto } from '../testing/page-harness';
import LotAuthorizationPage, { needsSignatures, readyToAuthorize } from './lot-authorization.page';

const base = '/api/v1/companies/c1/lots';
const pending = (id: string, extra: Parameters<typeof lotItem>[0] = {}) =>
  lotItem({ id, status: 'PENDING_AUTHORIZATION', signaturesRequired: 1, canConfirm: false, ...extra });

describe('authorization lists', () => {
  it('splits PENDING_AUTHORIZATION lots into to-sign and to-authorize by the signature count', () => {
    expect(needsSignatures(pending('A'))).toBeTrue();
    expect(readyToAuthorize(pending('A'))).toBeFalse();
    const signed = pending('B', { signatures: [{ userId: 'x', at: '' }] });
    expect(needsSignatures(signed)).toBeFalse();
    expect(readyToAuthorize(signed)).toBeTrue();
    expect(readyToAuthorize(pending('C', { signaturesRequired: 0 }))).toBeTrue();
  });
});

describe('LotAuthorizationPage', () => {
  afterEach(() => {
    TestBed.inject(HttpTestingController).verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((e) => (e.innerHTML = ''));
  });

  async function render(permissions: Parameters<typeof setUpPage>[1]) {
    setUpPage('firma1', permissions);
    const fixture = TestBed.createComponent(LotAuthorizationPage);
    const list = await nextRequest(base, 'GET');
    expect(list.request.params.get('status')).toBe('PENDING_AUTHORIZATION');
    list.flush({
      lots: [
        pending('L1', { canSign: true, canDelete: true }),
        pending('L2', { canSign: true }),
        pending('L3', { signatures: [{ userId: 'firma1', at: '2026-11-25T10:00:00Z' }], canAuthorize: false }),
      ],
    });
    await fixture.whenStable();
    return fixture;
  }

  it('shows only the tabs the permissions open', async () => {
    const fixture = await render(['lots.sign']);
    expect(fixture.componentInstance.tabs()).toEqual(['sign']);
    expect(fixture.componentInstance.toSign().map((l) => l.id)).toEqual(['L1', 'L2']);
    expect(fixture.componentInstance.toAuthorize().map((l) => l.id)).toEqual(['L3']);
  });

  it('signs several lots with one password: one call per lot, in order, and a result per lot', async () => {
    const fixture = await render(['lots.sign', 'lots.delete']);
    const page = fixture.componentInstance;
    page.selected.set(page.toSign());
    await fixture.whenStable();
    expect(page.eligible().sign.length).toBe(2);

    const acting = page.act('sign');
    await settle();
    typeInto('[data-testid="step-up-password"]', 'Firma1#2026');
    click('[data-testid="step-up-submit"]');

    const first = await nextRequest(`${base}/L1/signatures`, 'POST');
    expect(first.request.body).toEqual({ password: 'Firma1#2026' });
    first.flush(pending('L1'));
    const second = await nextRequest(`${base}/L2/signatures`, 'POST');
    second.flush({ error: { code: 'LOT_STATE', message: 'El lote ya no está pendiente.' } }, { status: 409, statusText: 'Conflict' });

    (await nextRequest(base, 'GET')).flush({ lots: [] });
    await acting;
    await fixture.whenStable();
    expect(page.results()?.map((r) => [r.lotId, r.outcome])).toEqual([
      ['L1', 'done'],
      ['L2', 'failed'],
    ]);
    const text = (fixture.nativeElement as HTMLElement).querySelector('[data-testid="batch-results"]')!.textContent!;
    expect(text).toContain('L1');
    expect(text).toContain('Hecho');
    expect(text).toContain('El lote ya no está pendiente.');
  });

  it('keeps the dialog open on a wrong password and tries no lot after the first', async () => {
    const fixture = await render(['lots.sign']);
    const page = fixture.componentInstance;
    page.selected.set(page.toSign());
    const acting = page.act('sign');
    await settle();
    typeInto('[data-testid="step-up-password"]', 'mala');
    click('[data-testid="step-up-submit"]');
    (await nextRequest(`${base}/L1/signatures`, 'POST')).flush(
      { error: { code: 'INVALID_PASSWORD', message: 'x' } },
      { status: 403, statusText: 'Forbidden' },
    );
    await settle();
    expect(document.querySelector('[data-testid="step-up-error"]')?.textContent).toContain('La contraseña no es correcta');
    TestBed.inject(HttpTestingController).expectNone(`${base}/L2/signatures`);
    click('.mat-mdc-dialog-actions button[type="button"]'); // cancel
    await acting;
    expect(page.results()).toBeNull();
  });

  it('withdraws own signature with DELETE .../signatures/mine and the password in the body', async () => {
    const fixture = await render(['lots.sign', 'lots.authorize']);
    const page = fixture.componentInstance;
    page.selected.set([pending('L3', { canWithdrawSignature: true, signatures: [{ userId: 'firma1', at: '' }] })]);
    const acting = page.act('withdraw');
    await settle();
    typeInto('[data-testid="step-up-password"]', 'Firma1#2026');
    click('[data-testid="step-up-submit"]');
    const req = await nextRequest(`${base}/L3/signatures/mine`, 'DELETE');
    expect(req.request.body).toEqual({ password: 'Firma1#2026' });
    req.flush(pending('L3'));
    (await nextRequest(base, 'GET')).flush({ lots: [] });
    await acting;
    expect(page.results()?.[0].outcome).toBe('done');
  });

  it('acts only on the selected lots the server allows (canAuthorize)', async () => {
    const fixture = await render(['lots.authorize']);
    const page = fixture.componentInstance;
    page.selected.set([pending('A1', { canAuthorize: true }), pending('A2', { canAuthorize: false })]);
    expect(page.eligible().authorize.map((l) => l.id)).toEqual(['A1']);
    expect(page.eligible().delete).toEqual([]); // no lots.delete
  });
});
