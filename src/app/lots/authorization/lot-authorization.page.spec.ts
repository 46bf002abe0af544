import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { lotItem } from '../testing/lot-fixtures';
import { click, nextRequest, settle, setUpPage, typeInto } from '../testing/page-harness';
import { Store } from '@ngrx/store';
import { StatusActions } from '../../core/status/status.actions';
import { BROWSER_STORAGE, memoryStorage } from '../../core/storage/local-store';
import type { LocalLot } from '../../offline/db/doc-types';
import { OfflineEngine } from '../../offline/offline-engine';
import { OFFLINE_OPTIONS } from '../../offline/offline-options';
import { FakeCouch } from '../../offline/testing/fake-couch';
import { addDevMode, validatingStorage } from '../../offline/testing/test-db';
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

/** Offline: the lots come from the device database (real RxDB on Dexie), acting waits for the network. */
describe('LotAuthorizationPage without the server (device database)', () => {
  let couch: FakeCouch;
  let engine: OfflineEngine;

  const localLot = (id: string, extra: Partial<LocalLot> = {}): LocalLot => ({
    _id: `lot:${id}`,
    type: 'lot',
    id,
    companyId: 'c1',
    lotType: 'REC',
    productCode: 'ALIM',
    status: 'PENDING_AUTHORIZATION',
    fileName: `${id}.txt`,
    fileBytes: 120,
    fileSha256: 'ab'.repeat(32),
    duplicateOf: null,
    header: null,
    recordCount: 2,
    storedRecords: 2,
    totalCents: 175050,
    errorCount: 0,
    progress: { phase: 'done', linesRead: 3, bytesRead: 120, fileBytes: 120 },
    uploadedBy: 'carga',
    uploadedAt: `2026-11-25T1${id.slice(-1)}:00:00.000Z`,
    origin: 'web',
    validatedAt: '2026-11-25T10:00:01.000Z',
    confirmation: null,
    confirmedAt: null,
    signaturesRequired: 1,
    signatures: [],
    authorization: null,
    orderId: null,
    processing: null,
    history: [],
    ...extra,
  });

  async function withDeviceLots(online: boolean, permissions: Parameters<typeof setUpPage>[1] = ['lots.sign', 'lots.authorize']) {
    addDevMode();
    setUpPage('firma1', permissions, online);
    couch = new FakeCouch();
    // Offline: the sync endpoint is out of reach too. Online: it answers (an empty lots database —
    // a pull removes nothing), only the lots API call fails below.
    couch.offline = !online;
    TestBed.configureTestingModule({
      providers: [
        { provide: BROWSER_STORAGE, useValue: memoryStorage() },
        { provide: OFFLINE_OPTIONS, useValue: { wrapStorage: validatingStorage, multiInstance: false, fetch: couch.fetch, retryMs: 60_000 } },
      ],
    });
    engine = TestBed.inject(OfflineEngine);
    engine.start();
    TestBed.tick();
    const db = (await engine.ready())!;
    await db.lots.bulkInsert([
      localLot('D1'), // to sign
      localLot('D2', { uploadedBy: 'firma1' }), // the user uploaded it: not theirs to sign
      localLot('D3', { signaturesRequired: 2, signatures: [{ userId: 'firma1', at: '2026-11-25T10:00:00Z' }] }), // signed already
      localLot('D4', { signatures: [{ userId: 'firma2', at: '2026-11-25T10:00:00Z' }] }), // to authorize
      localLot('D5', { signatures: [{ userId: 'firma1', at: '2026-11-25T10:00:00Z' }] }), // the user signed it: not theirs to authorize
      localLot('D6', { status: 'VALID' }), // not waiting
    ]);
  }

  async function until(check: () => boolean, fixture: { whenStable(): Promise<unknown> }, ms = 8_000): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await fixture.whenStable();
    }
  }

  afterEach(async () => {
    TestBed.inject(HttpTestingController).verify();
    await engine.wipe('firma1', ['c1']);
  });

  it('offline: lists the device’s lots waiting for this user, with the notice and the act buttons disabled', async () => {
    await withDeviceLots(false);
    const fixture = TestBed.createComponent(LotAuthorizationPage);
    const page = fixture.componentInstance;
    await until(() => page.toSign().length > 0, fixture);
    expect(page.source()).toBe('device');
    expect(page.toSign().map((l) => l.id)).toEqual(['D1']);
    expect(page.toAuthorize().map((l) => l.id)).toEqual(['D4']);
    expect(page.toSign()[0].canSign).toBeTrue();

    page.selected.set(page.toSign());
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector('[data-testid="authz-offline"]')?.textContent).toContain(
      'Sin conexión: revise los lotes; firmar y autorizar requieren conexión',
    );
    expect(root.querySelector<HTMLButtonElement>('[data-testid="act-sign"]')!.disabled).toBeTrue();
    await page.act('sign'); // nothing is sent (verify() in afterEach: no request at all)
    expect(page.results()).toBeNull();
  }, 20_000);

  it('follows the network: the server’s list online, the device’s offline, the server’s again when back', async () => {
    await withDeviceLots(true);
    const fixture = TestBed.createComponent(LotAuthorizationPage);
    const page = fixture.componentInstance;
    (await nextRequest(base, 'GET')).flush({ lots: [pending('S1', { canSign: true })] });
    await fixture.whenStable();
    expect(page.source()).toBe('api');
    expect(page.toSign().map((l) => l.id)).toEqual(['S1']);

    const store = TestBed.inject(Store);
    store.dispatch(StatusActions.wentOffline());
    await until(() => page.toSign().some((l) => l.id === 'D1'), fixture);
    expect(page.source()).toBe('device');
    expect(page.toSign().map((l) => l.id)).toEqual(['D1']);

    store.dispatch(StatusActions.wentOnline());
    await fixture.whenStable();
    (await nextRequest(base, 'GET')).flush({ lots: [pending('S1', { canSign: true })] });
    await until(() => page.source() === 'api', fixture);
    expect(page.toSign().map((l) => l.id)).toEqual(['S1']);
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid="authz-offline"]')).toBeNull();
  }, 20_000);

  it('online with the API out of reach (status 0): falls back to the device’s lots', async () => {
    await withDeviceLots(true, ['lots.authorize']);
    const fixture = TestBed.createComponent(LotAuthorizationPage);
    const page = fixture.componentInstance;
    (await nextRequest(base, 'GET')).error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
    await until(() => page.toAuthorize().length > 0, fixture);
    expect(page.source()).toBe('device');
    expect(page.failure()).toBeNull();
    expect(page.tabs()).toEqual(['authorize']);
    expect(page.toAuthorize().map((l) => l.id)).toEqual(['D4']);
    expect(page.toSign()).toEqual([]); // no lots.sign: nothing to sign on this device
    const root = fixture.nativeElement as HTMLElement;
    expect(root.querySelector<HTMLButtonElement>('[data-testid="act-authorize"]')!.disabled).toBeTrue();
  }, 20_000);
});
